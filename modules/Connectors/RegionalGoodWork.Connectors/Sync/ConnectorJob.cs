using RegionalGoodWork.Connectors.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>One connector's work for a run: read the partner, record what changed. Partner errors are thrown, and the sync grain words them.</summary>
internal interface IConnectorJob
{
    string ConnectorId { get; }

    /// <summary><paramref name="cursor"/> is what the last successful run left (empty at first).</summary>
    Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken);
}

/// <summary>
/// What a run did, the cursor the next run starts from, the employers it flagged for the region's officers, and what it
/// could not link (by reason) with the malformed ids it met (<see cref="ConnectorRun"/>).
/// </summary>
internal sealed record JobResult(
    int Read, int Changed, int Failed, int Unmatched, IReadOnlyDictionary<string, string> Cursor, IReadOnlyList<FlaggedEmployer>? Flagged = null,
    IReadOnlyDictionary<string, int>? NotLinked = null, IReadOnlyList<string>? Malformed = null);

/// <summary>A partner answered something the connector cannot use (a truncated or malformed file): the run fails with this message.</summary>
internal sealed class PartnerDataException(string message) : Exception(message);
