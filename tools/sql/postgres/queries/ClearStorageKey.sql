-- Clearing keeps the row (payload emptied) so the version keeps counting up.
WITH inserted AS (
    INSERT INTO rgw_grain_state (service_id, grain_type, grain_key, grain_n0, grain_n1,
                                 grain_type_hash, grain_id_hash, payload, version, written_at)
    SELECT @ServiceId, @GrainTypeString, COALESCE(@GrainIdExtensionString::text, ''), @GrainIdN0, @GrainIdN1,
           @GrainTypeHash, @GrainIdHash, NULL, 1, now()
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT ON CONSTRAINT pk_rgw_grain_state DO NOTHING
    RETURNING version
), updated AS (
    UPDATE rgw_grain_state
    SET payload = NULL, version = version + 1, written_at = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_key = COALESCE(@GrainIdExtensionString::text, '')
      AND grain_n0 = @GrainIdN0
      AND grain_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version
)
SELECT COALESCE((SELECT version FROM inserted), (SELECT version FROM updated), @GrainStateVersion::integer) AS NewGrainStateVersion
