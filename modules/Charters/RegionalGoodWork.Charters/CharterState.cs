using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterState
{
    [Id(0)] public CharterDefinition? Draft { get; set; }

    /// <summary>Published versions, in order: Versions[n - 1] is version n. Never changed once added.</summary>
    [Id(1)] public List<CharterVersion> Versions { get; set; } = [];

    /// <summary>The latest version the charter registry has confirmed; behind after a failure, caught up on activation.</summary>
    [Id(2)] public int RegisteredVersion { get; set; }

    /// <summary>
    /// The re-assessment of the members this charter still owes its fan-out grain (<see cref="CharterFanOutGrain"/>):
    /// written in the same write as the version, handed over after it and on every activation, cleared once the fan-out
    /// grain has stored it. Null when nothing is owed. (Written before the fan-out grain existed, it held the charter's own
    /// fan-out and its cursor; such a one is handed over as it is, cursor and all.)
    /// </summary>
    [Id(3)] public CharterFanOut? FanOut { get; set; }

    /// <summary>
    /// Webhook events (<c>charter.published</c>) written with the publish that raised them and not yet handed to the Webhooks
    /// module: handed over after the write, on activation and at the <c>webhook-events</c> reminder's ticks, then removed.
    /// </summary>
    [Id(4)] public List<WebhookEvent> EventsOwed { get; set; } = [];
}
