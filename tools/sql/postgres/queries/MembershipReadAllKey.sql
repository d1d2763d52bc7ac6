SELECT v.deployment_id AS DeploymentId, s.address AS Address, s.port AS Port, s.generation AS Generation,
       s.silo_name AS SiloName, s.host_name AS HostName, s.status AS Status, s.proxy_port AS ProxyPort,
       s.suspect_times AS SuspectTimes, s.start_time AS StartTime, s.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM rgw_cluster_version v
LEFT JOIN rgw_cluster_silo s ON s.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
