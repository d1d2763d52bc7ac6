WITH deleted AS (
    DELETE FROM rgw_grain_state
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_key = COALESCE(@GrainIdExtensionString::text, '')
      AND grain_n0 = @GrainIdN0
      AND grain_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version
)
SELECT COALESCE((SELECT version + 1 FROM deleted), @GrainStateVersion::integer) AS NewGrainStateVersion
