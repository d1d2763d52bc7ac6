using System.Text.Json.Serialization;
using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Connectors.Contracts;

/// <summary>
/// One partner connector's sync (key: the connector id, the partner id the taxonomy's <c>verifiers</c> use): runs on a
/// reminder every <c>Connectors:&lt;id&gt;:Schedule</c> and on demand, keeps a cursor and the last runs. A run goes on after
/// <see cref="StartAsync"/> has answered; a partner's failure becomes a failed run with its error, never an exception.
/// NotFound for a connector that is not built; Conflict for one switched off (<c>Connectors:&lt;id&gt;:Enabled</c> false).
/// </summary>
public interface IConnectorSyncGrain : IGrainWithStringKey
{
    /// <summary>Starts a run now and answers its id at once; while a run is going, answers that run's id (Started false).</summary>
    Task<Outcome<ConnectorRunStarted>> StartAsync(string requestedBy);

    [ReadOnly]
    Task<Outcome<ConnectorStatus>> GetStatusAsync();

    /// <summary>The kept runs (the last <see cref="ConnectorLimits.RunsKept"/>), newest first.</summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<ConnectorRun>>> GetRunsAsync();

    /// <summary>Arms (or re-times, or removes when switched off) the schedule's reminder. Called at silo start.</summary>
    Task EnsureScheduleAsync();
}

[JsonConverter(typeof(JsonStringEnumConverter<ConnectorRunStatus>))]
public enum ConnectorRunStatus
{
    [JsonStringEnumMemberName("running")] Running = 0,
    [JsonStringEnumMemberName("succeeded")] Succeeded = 1,
    [JsonStringEnumMemberName("failed")] Failed = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<CircuitState>))]
public enum CircuitState
{
    [JsonStringEnumMemberName("closed")] Closed = 0,
    [JsonStringEnumMemberName("open")] Open = 1,
    [JsonStringEnumMemberName("half-open")] HalfOpen = 2,
}

/// <summary>
/// One run: <see cref="Read"/> records read from the partner, <see cref="Changed"/> evidence items written,
/// <see cref="Failed"/> items the platform refused, <see cref="Unmatched"/> records naming no employer on the platform
/// (counted, not stored), <see cref="Error"/> why a failed run failed, <see cref="Flagged"/> the employers the run found
/// needing a region officer's look (companies-house: a dissolved or unknown company), all of them, not only new ones.
/// <see cref="NotLinked"/> counts the records the run could not link to any company number, by reason (contracts-finder:
/// suppliers identified by another scheme, such as <c>GB-CQC</c>, or malformed <c>GB-COH</c> ids), and
/// <see cref="Malformed"/> names the first of the malformed ones (where, which supplier, what id) — reported, not guessed.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.connectors.run")]
public sealed record ConnectorRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset? FinishedAt,
    [property: Id(3)] ConnectorRunStatus Status,
    [property: Id(4)] int Read,
    [property: Id(5)] int Changed,
    [property: Id(6)] int Failed,
    [property: Id(7)] int Unmatched,
    [property: Id(8)] string? Error,
    [property: Id(9)] string Trigger,
    [property: Id(10)] IReadOnlyList<FlaggedEmployer>? Flagged = null,
    [property: Id(11)] IReadOnlyDictionary<string, int>? NotLinked = null,
    [property: Id(12)] IReadOnlyList<string>? Malformed = null);

/// <summary>
/// An employer a run flagged for the region's officers: <see cref="Flag"/> <c>dissolved</c> (Companies House gives
/// <see cref="Status"/>, not active) or <c>unknown</c> (Companies House does not know <see cref="CompanyNumber"/>), as
/// Companies House answered at <see cref="CheckedAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.connectors.flagged-employer")]
public sealed record FlaggedEmployer(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] string CompanyNumber,
    [property: Id(2)] string Flag,
    [property: Id(3)] string? Status,
    [property: Id(4)] DateTimeOffset? CheckedAt = null);

[GenerateSerializer, Immutable, Alias("rgw.connectors.run-started")]
public sealed record ConnectorRunStarted([property: Id(0)] string RunId, [property: Id(1)] bool Started);

[GenerateSerializer, Immutable, Alias("rgw.connectors.status")]
public sealed record ConnectorStatus(
    [property: Id(0)] string ConnectorId,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] TimeSpan Schedule,
    [property: Id(3)] ConnectorRun? LastRun,
    [property: Id(4)] CircuitState Circuit);

public static class ConnectorLimits
{
    public const int RunsKept = 50;
}

/// <summary>The connectors built so far, by id.</summary>
public static class ConnectorIds
{
    public const string LivingWageRegister = "living-wage-register";

    public const string GenderPayGapService = "gender-pay-gap-service";

    public const string CompaniesHouse = "companies-house";

    public const string Ons = "ons";

    public const string ContractsFinder = "contracts-finder";

    public static IReadOnlyList<string> All { get; } = [LivingWageRegister, GenderPayGapService, CompaniesHouse, Ons, ContractsFinder];

    public static bool IsKnown(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);
}

/// <summary>The one place that knows how Connectors grains are keyed.</summary>
public static class ConnectorsGrainKeys
{
    /// <summary>The sync grain of a connector, keyed by its id.</summary>
    public static IConnectorSyncGrain GetConnectorSync(this IGrainFactory grains, string connectorId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IConnectorSyncGrain>(connectorId);
    }

    /// <summary>The employers flagged for a region's officers, keyed by the region's GSS code.</summary>
    public static IFlaggedEmployersGrain GetFlaggedEmployers(this IGrainFactory grains, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IFlaggedEmployersGrain>(regionCode);
    }
}
