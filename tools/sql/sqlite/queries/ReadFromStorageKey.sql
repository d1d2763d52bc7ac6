SELECT payload AS PayloadBinary, written_at AS ModifiedOn, version AS Version
FROM rgw_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_key = COALESCE(@GrainIdExtensionString, '') AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
