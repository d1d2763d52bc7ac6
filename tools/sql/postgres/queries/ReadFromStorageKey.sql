SELECT s.payload AS PayloadBinary, s.written_at AS ModifiedOn, s.version AS Version
FROM rgw_grain_state s
WHERE s.service_id = @ServiceId
  AND s.grain_type = @GrainTypeString
  AND s.grain_key = COALESCE(@GrainIdExtensionString::text, '')
  AND s.grain_n0 = @GrainIdN0
  AND s.grain_n1 = @GrainIdN1
