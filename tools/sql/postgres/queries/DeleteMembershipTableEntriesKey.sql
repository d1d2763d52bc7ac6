DELETE FROM rgw_cluster_version WHERE deployment_id = @DeploymentId
