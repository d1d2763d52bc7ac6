DELETE FROM rgw_reminder WHERE service_id = @ServiceId
