DELETE FROM rgw_grain_state
WHERE version = @GrainStateVersion AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_key = COALESCE(@GrainIdExtensionString, '') AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
RETURNING version + 1 AS NewGrainStateVersion;
