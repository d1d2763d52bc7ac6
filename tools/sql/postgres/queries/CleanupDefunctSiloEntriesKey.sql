-- Status 6 = Dead in Orleans' SiloStatus.
DELETE FROM rgw_cluster_silo
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status = 6
