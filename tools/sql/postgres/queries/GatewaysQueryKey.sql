SELECT s.address AS Address, s.proxy_port AS ProxyPort, s.generation AS Generation
FROM rgw_cluster_silo s
WHERE s.deployment_id = @DeploymentId AND s.status = @Status AND s.proxy_port > 0
