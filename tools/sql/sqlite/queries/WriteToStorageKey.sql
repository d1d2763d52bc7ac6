-- Exactly one of the two statements can return a row: the update when the grain holds a
-- version and it still matches; the insert when the grain has never written. No row at all
-- means a version conflict, which the provider reports as InconsistentStateException.
UPDATE rgw_grain_state
SET payload = @PayloadBinary, version = version + 1, written_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
  AND service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_key = COALESCE(@GrainIdExtensionString, '') AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
RETURNING version AS NewGrainStateVersion;
INSERT INTO rgw_grain_state (service_id, grain_type, grain_key, grain_n0, grain_n1,
                             grain_type_hash, grain_id_hash, payload, version, written_at)
SELECT @ServiceId, @GrainTypeString, COALESCE(@GrainIdExtensionString, ''), @GrainIdN0, @GrainIdN1,
       @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
