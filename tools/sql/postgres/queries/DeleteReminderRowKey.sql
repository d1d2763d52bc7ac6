WITH deleted AS (
    DELETE FROM rgw_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version::integer
    RETURNING 1
)
SELECT count(*)::integer AS DeletedCount FROM deleted
