using Orleans.Concurrency;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters;

/// <summary>The charter grain's module-internal face: seeding, and what its fan-out grain asks and tells it.</summary>
internal interface ICharterInternalGrain : ICharterGrain
{
    /// <summary>
    /// Seeding: when no version is published yet, stores the definition as the draft and publishes it (atomically).
    /// When a version exists, changes nothing and returns the latest. Idempotent; safe from several silos at once.
    /// </summary>
    Task<Outcome<CharterVersion>> EnsurePublishedAsync(string definitionJson);

    /// <summary>
    /// Up to <paramref name="size"/> current members assessed against a version older than <paramref name="version"/>
    /// whose employer id sorts (ordinal) after <paramref name="cursor"/>.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetMembersBehindAsync(int version, string? cursor, int size);

    /// <summary>Up to <paramref name="size"/> current members whose employer id sorts (ordinal) after <paramref name="cursor"/> (a sweep).</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetMembersAfterAsync(string? cursor, int size);

    /// <summary>Every line of the member index, tombstones included (for the member index audit).</summary>
    [ReadOnly]
    Task<IReadOnlyList<MemberLine>> GetMemberLinesAsync();

    /// <summary>The fan-out grain holds every version up to <paramref name="version"/>: a hand-over owed up to it is done.</summary>
    [OneWay]
    Task FanOutTakenAsync(int version);

    /// <summary>The fan-out this charter still owes its fan-out grain (recorded with the publish), or null.</summary>
    [ReadOnly]
    Task<CharterFanOut?> GetFanOutOwedAsync();
}

/// <summary>
/// The re-assessment of a charter's members after a publish (key: the charter id). It holds the pending version and the
/// cursor in its own state, wakes itself with its own reminder and runs one batch per timer tick.
/// </summary>
internal interface ICharterFanOutGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes over the fan-out of a version (a newer one supersedes a pending one; an older one, or the same one while it
    /// is pending, changes nothing; the same one after it finished starts another pass over the members still behind it),
    /// stores it, then tells the charter <see cref="ICharterInternalGrain.FanOutTakenAsync"/>.
    /// </summary>
    [OneWay]
    Task TakeOverAsync(CharterFanOut fanOut);

    /// <summary>The re-assessment still pending (resumed after a restart), or null when every member has been moved.</summary>
    [ReadOnly]
    Task<CharterFanOut?> GetFanOutAsync();

    /// <summary>
    /// Stores a sweep — every current member re-assessed, whatever its version (a wage rate announced, or its pay-by date
    /// come) — and starts it; returns once stored. The same <paramref name="reason"/> as the newest sweep taken changes
    /// nothing; another one supersedes a pending sweep (it starts again from the first member). Throws when it could not
    /// be stored (the caller tells it again).
    /// </summary>
    Task SweepAsync(string reason);

    /// <summary>The sweep still pending, or null.</summary>
    [ReadOnly]
    Task<CharterSweep?> GetSweepAsync();
}

/// <summary>
/// The wage-rate watch (key <see cref="CharterInternalGrainKeys.RateWatchKey"/>): on a business-clock reminder, it reads the
/// wage rates and today, and when a rate was announced or a pay-by date came since it last looked, it has every charter
/// whose latest version compares with a wage rate sweep its members.
/// </summary>
internal interface IRateWatchGrain : IGrainWithStringKey
{
    /// <summary>Arms the watch's reminder (once) and looks at once.</summary>
    Task StartAsync();

    /// <summary>Looks now: the sweeps it started (charter ids), empty when nothing moved.</summary>
    Task<IReadOnlyList<string>> CheckAsync();
}

/// <summary>A sweep of every current member of a charter: why (<see cref="Reason"/>) and the last member done (<see cref="Cursor"/>).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.sweep")]
internal sealed record CharterSweep([property: Id(0)] string Reason, [property: Id(1)] string? Cursor, [property: Id(2)] int Failed);

internal static class CharterInternalGrainKeys
{
    public static ICharterInternalGrain GetCharterInternal(this IGrainFactory grains, string charterId) =>
        grains.GetGrain<ICharterInternalGrain>(charterId);

    public static ICharterFanOutGrain GetCharterFanOut(this IGrainFactory grains, string charterId) =>
        grains.GetGrain<ICharterFanOutGrain>(charterId);

    /// <summary>The one wage-rate watch of the platform.</summary>
    public const string RateWatchKey = "rates";

    public static IRateWatchGrain GetRateWatch(this IGrainFactory grains) => grains.GetGrain<IRateWatchGrain>(RateWatchKey);
}
