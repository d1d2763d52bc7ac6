WITH bumped AS (
    UPDATE rgw_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version::integer
      AND EXISTS (SELECT 1 FROM rgw_cluster_silo
                  WHERE deployment_id = @DeploymentId AND address = @Address
                    AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE rgw_cluster_silo s
    SET status = @Status, suspect_times = @SuspectTimes::text, i_am_alive_time = @IAmAliveTime
    FROM bumped b
    WHERE s.deployment_id = b.deployment_id AND s.address = @Address
      AND s.port = @Port AND s.generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer AS UpdatedCount FROM updated
