-- The silo row goes in only while the table version is still the one the silo read;
-- the version moves on in the same statement.
WITH bumped AS (
    UPDATE rgw_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version::integer
      AND NOT EXISTS (SELECT 1 FROM rgw_cluster_silo
                      WHERE deployment_id = @DeploymentId AND address = @Address
                        AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO rgw_cluster_silo (deployment_id, address, port, generation, silo_name, host_name,
                                  status, proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort::integer, NULL, @StartTime, @IAmAliveTime
    FROM bumped b
    ON CONFLICT ON CONSTRAINT pk_rgw_cluster_silo DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS InsertedCount FROM inserted
