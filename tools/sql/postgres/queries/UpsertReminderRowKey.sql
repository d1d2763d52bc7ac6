INSERT INTO rgw_reminder AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash::integer, 0)
ON CONFLICT ON CONSTRAINT pk_rgw_reminder DO UPDATE
SET start_time = EXCLUDED.start_time, period_ms = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash, version = r.version + 1
RETURNING r.version AS Version
