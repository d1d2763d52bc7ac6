WITH inserted AS (
    INSERT INTO rgw_cluster_version (deployment_id, version, changed_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS InsertedCount FROM inserted
