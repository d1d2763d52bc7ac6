namespace RegionalGoodWork.SharedKernel;

/// <summary>
/// The business clock: "now" and "today" for evidence validity, expiry, submission times and indicator years.
/// It is a <see cref="TimeProvider"/> of its own, distinct from the one the Orleans runtime uses, so tests can move
/// business time (days, months) without moving the runtime's timers, probes and timeouts.
/// Modules inject <see cref="PlatformClock"/>, never the bare <see cref="TimeProvider"/>.
/// </summary>
public sealed class PlatformClock(TimeProvider inner) : TimeProvider
{
    public static PlatformClock Real { get; } = new(TimeProvider.System);

    public TimeProvider Inner => inner;

    public DateOnly Today => DateOnly.FromDateTime(inner.GetUtcNow().UtcDateTime);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
