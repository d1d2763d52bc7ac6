UPDATE rgw_grain_state
SET payload = NULL, version = version + 1, written_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
  AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_key = COALESCE(@GrainIdExtensionString, '') AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
RETURNING version AS NewGrainStateVersion;
INSERT INTO rgw_grain_state (service_id, grain_type, grain_key, grain_n0, grain_n1,
                             grain_type_hash, grain_id_hash, payload, version, written_at)
SELECT @ServiceId, @GrainTypeString, COALESCE(@GrainIdExtensionString, ''), @GrainIdN0, @GrainIdN1,
       @GrainTypeHash, @GrainIdHash, NULL, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
