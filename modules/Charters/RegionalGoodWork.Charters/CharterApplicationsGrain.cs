using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterApplicationsState
{
    /// <summary>By employer id: the waiting application (null: none waits) and the stamp that said so.</summary>
    [Id(0)] public Dictionary<string, ApplicationLine> Lines { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
internal sealed class ApplicationLine
{
    [Id(0)] public CharterApplication? Application { get; set; }

    [Id(1)] public long Stamp { get; set; }
}

/// <summary>
/// The applications waiting for a charter's officers: a derived view told by the employers (the rule of every view,
/// <see cref="Stamps"/>: an older stamp is ignored, the same one is a redelivery; a closed application keeps its stamp as
/// a tombstone). Written at once: the receipt says stored.
/// </summary>
[GrainType("charter-applications")]
internal sealed class CharterApplicationsGrain([PersistentState("charter-applications")] IPersistentState<CharterApplicationsState> state)
    : Grain, ICharterApplicationsGrain
{
    public async Task<ViewReceipt> UpdateAsync(string employerId, CharterApplication? application, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var held = state.State.Lines.GetValueOrDefault(employerId);
        switch (Stamps.Compare(held?.Stamp, stamp))
        {
            case StampOrder.Older:
                return new ViewReceipt(ViewChange.Stale, true);
            case StampOrder.Same:
                return new ViewReceipt(ViewChange.Unchanged, true);
        }

        // Records compare their lists by reference: the items are compared by content.
        var unchanged = (held?.Application, application) switch
        {
            (null, null) => true,
            ({ } was, { } now) => was with { EvidenceItemIds = [] } == now with { EvidenceItemIds = [] }
                                  && was.EvidenceItemIds.SequenceEqual(now.EvidenceItemIds, StringComparer.Ordinal),
            _ => false,
        };
        state.State.Lines[employerId] = new ApplicationLine { Application = application, Stamp = stamp };
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return new ViewReceipt(unchanged ? ViewChange.Unchanged : ViewChange.Applied, true);
    }

    public Task<IReadOnlyList<CharterApplication>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CharterApplication>>(state.State.Lines.Values
            .Select(l => l.Application)
            .OfType<CharterApplication>()
            .OrderBy(a => a.AppliedAt)
            .ThenBy(a => a.EmployerId, StringComparer.Ordinal)
            .ToList());
}
