using RegionalGoodWork.BuildingBlocks;
using Orleans.Concurrency;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

/// <summary>A full segment of a trail's older entries: written once, then only read.</summary>
internal interface IAuditSegmentGrain : IGrainWithStringKey
{
    /// <summary>Stores the segment; storing the same entries again (a seal retried after a crash) changes nothing.</summary>
    Task SealAsync(IReadOnlyList<AuditEntry> entries);

    [ReadOnly]
    Task<IReadOnlyList<AuditEntry>> ReadAsync();
}

[GenerateSerializer]
internal sealed class AuditSegmentState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

[GrainType("audit-segment")]
internal sealed class AuditSegmentGrain([PersistentState("audit-segment")] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task SealAsync(IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (state.RecordExists && state.State.Entries.Count == entries.Count)
        {
            return;
        }

        state.State.Entries = [.. entries];
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries);
}

[GenerateSerializer]
internal sealed class AuditTrailState
{
    /// <summary>Entries since the last sealed segment, oldest first.</summary>
    [Id(0)] public List<AuditEntry> Recent { get; set; } = [];

    /// <summary>Segments sealed so far; segment n holds entries (n-1)·size+1 … n·size.</summary>
    [Id(1)] public long Sealed { get; set; }
}

/// <summary>
/// A resource's audit trail (<see cref="IAuditTrailGrain"/>). An entry is numbered, dated by the platform clock and
/// stored before <see cref="RecordAsync"/> answers. When <see cref="SegmentSize"/> recent entries have gathered, they are
/// sealed into a segment grain first and only then dropped from the trail's own state, so a crash between the two seals
/// the same segment again and loses nothing. A failed write reads the stored state back (<see cref="StateWrites"/>).
/// </summary>
[GrainType("audit-trail")]
internal sealed class AuditTrailGrain(
    [PersistentState("audit-trail")] IPersistentState<AuditTrailState> state,
    PlatformClock clock) : Grain, IAuditTrailGrain
{
    public const int SegmentSize = 200;

    private AuditTrailState S => state.State;

    private string Resource => this.GetPrimaryKeyString();

    public async Task<AuditEntry> RecordAsync(RecordAudit entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (S.Recent.Count >= SegmentSize)
        {
            var number = S.Sealed + 1;
            await GrainFactory.GetAuditSegment(Resource, number).SealAsync(S.Recent);
            (S.Recent, S.Sealed) = ([], number);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }

        var recorded = new AuditEntry(S.Sealed * SegmentSize + S.Recent.Count + 1, clock.GetUtcNow(), entry.Actor, entry.Action,
            Resource, entry.Summary, entry.Kind, entry.Status);
        S.Recent.Add(recorded);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return recorded;
    }

    public async Task<AuditPage> ReadAsync(int limit, long? before)
    {
        limit = Math.Clamp(limit, 1, AuditResources.MaxPage);
        var newestWanted = before is { } b ? b - 1 : long.MaxValue;
        var page = new List<AuditEntry>(Math.Min(limit, 64));
        page.AddRange(S.Recent.Where(e => e.Sequence <= newestWanted).Reverse().Take(limit));
        var segment = Math.Min(S.Sealed, newestWanted == long.MaxValue ? S.Sealed : (newestWanted - 1) / SegmentSize + 1);
        for (; page.Count < limit && segment >= 1; segment--)
        {
            var entries = await GrainFactory.GetAuditSegment(Resource, segment).ReadAsync();
            page.AddRange(entries.Where(e => e.Sequence <= newestWanted).Reverse().Take(limit - page.Count));
        }

        var next = page.Count == limit && page[^1].Sequence > 1 ? page[^1].Sequence : (long?)null;
        return new AuditPage(page, next);
    }
}
