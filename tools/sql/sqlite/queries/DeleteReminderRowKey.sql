DELETE FROM rgw_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
SELECT changes() AS DeletedCount;
