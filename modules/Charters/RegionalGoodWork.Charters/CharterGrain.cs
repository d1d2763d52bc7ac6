using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterState
{
    [Id(0)] public CharterDefinition? Draft { get; set; }

    /// <summary>Published versions, in order: Versions[n - 1] is version n. Never changed once added.</summary>
    [Id(1)] public List<CharterVersion> Versions { get; set; } = [];

    /// <summary>The latest version the charter registry has confirmed; behind after a failure, caught up on activation.</summary>
    [Id(2)] public int RegisteredVersion { get; set; }
}

[GrainType("charter")]
internal sealed partial class CharterGrain(
    [PersistentState("charter")] IPersistentState<CharterState> state,
    [PersistentState("charter-members")] IPersistentState<MemberIndexState> members,
    PlatformClock clock,
    ChartersOptions options,
    ILogger<CharterGrain> logger) : Grain, ICharterGrain
{
    /// <summary>How many members are re-assessed at once when a new version is published.</summary>
    private const int ReassessBatchSize = 50;

    private bool membersDirty;
    private IGrainTimer? memberWrite;

    private string CharterId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Versions.Count > state.State.RegisteredVersion)
        {
            await RegisterAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (membersDirty)
        {
            await FlushMembersAsync();
        }
    }

    public async Task<Outcome<CharterDefinition>> SaveDraftAsync(string definitionJson)
    {
        var read = await ReadAsync(definitionJson);
        if (!read.IsOk)
        {
            return read;
        }

        var previous = state.State.Draft;
        state.State.Draft = read.Value;
        await WriteOrUndoAsync(() => state.State.Draft = previous);
        return read;
    }

    public Task<CharterDefinition?> GetDraftAsync() => Task.FromResult(state.State.Draft);

    public async Task<Outcome<CharterVersion>> PublishAsync()
    {
        if (state.State.Draft is not { } draft)
        {
            return Problem.Conflict(state.State.Versions.Count == 0
                ? $"Charter '{CharterId}' has no draft to publish: PUT /api/v1/charters/{CharterId}/draft first."
                : $"Charter '{CharterId}' has no draft to publish (version {state.State.Versions.Count} is the latest and never changes): PUT a new draft first.");
        }

        // The taxonomy may have moved since the draft was saved: check it again, as a whole.
        var recheck = await ReadAsync(CharterDefinitionJson.Write(draft).ToJsonString());
        if (!recheck.IsOk)
        {
            return recheck.Problem!;
        }

        var version = new CharterVersion(CharterId, state.State.Versions.Count + 1, recheck.Value!, clock.GetUtcNow());
        state.State.Versions.Add(version);
        state.State.Draft = null;
        await WriteOrUndoAsync(() =>
        {
            state.State.Versions.RemoveAt(state.State.Versions.Count - 1);
            state.State.Draft = draft;
        });
        LogPublished(logger, CharterId, version.Version);
        await RegisterAsync();
        ReassessMembers(version.Version);
        return Outcome<CharterVersion>.Ok(version);
    }

    public async Task<Outcome<CharterVersion>> EnsurePublishedAsync(string definitionJson)
    {
        if (state.State.Versions.Count > 0)
        {
            return Outcome<CharterVersion>.Ok(state.State.Versions[^1]);
        }

        var saved = await SaveDraftAsync(definitionJson);
        return saved.IsOk ? await PublishAsync() : saved.Problem!;
    }

    public Task<CharterVersion?> GetVersionAsync(int version) =>
        Task.FromResult(version >= 1 && version <= state.State.Versions.Count ? state.State.Versions[version - 1] : null);

    public Task<CharterVersion?> GetLatestAsync() =>
        Task.FromResult(state.State.Versions.Count > 0 ? state.State.Versions[^1] : null);

    public Task<int> GetLatestVersionNumberAsync() => Task.FromResult(state.State.Versions.Count);

    public Task<CharterOverview?> GetOverviewAsync() =>
        Task.FromResult(state.State.Versions.Count == 0
            ? null
            : new CharterOverview(state.State.Versions[^1], state.State.Versions.Select(v => v.Version).ToList()));

    public async Task<bool> UpdateMemberAsync(string employerId, string? tier, DateTimeOffset since, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var (applied, changed) = MemberIndex.Update(members.State, employerId, tier, since, stamp);
        if (changed)
        {
            await MembersChangedAsync();
        }

        return applied;
    }

    public async Task<bool> RemoveMemberAsync(string employerId, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var (applied, changed) = MemberIndex.Remove(members.State, employerId, stamp);
        if (changed)
        {
            await MembersChangedAsync();
        }

        return applied;
    }

    public Task<IReadOnlyList<CharterMember>> GetMembersAsync() => Task.FromResult(MemberIndex.List(members.State));

    private async Task<Outcome<CharterDefinition>> ReadAsync(string definitionJson)
    {
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        return CharterDefinitionJson.Read(CharterId, definitionJson ?? string.Empty, catalogue);
    }

    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was stored: put memory back as storage has it.
            undo();
            throw;
        }
    }

    private async Task RegisterAsync()
    {
        var latest = state.State.Versions[^1];
        var definition = latest.Definition;
        try
        {
            await GrainFactory.GetCharterRegistry().RegisterAsync(
                new CharterListing(CharterId, definition.Name, definition.Owner, latest.Version, definition.Tiers));
            state.State.RegisteredVersion = latest.Version;
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The version is published; the registry catches up on the next activation.
            LogRegistryBehind(logger, ex, CharterId, latest.Version);
        }
    }

    /// <summary>
    /// Members are re-assessed against a new version by their employer grains, through the member index in bounded
    /// batches. It runs in an interleaving timer, after the publish call has answered, because each employer calls this
    /// grain back meanwhile (latest version, member index update).
    /// </summary>
    private void ReassessMembers(int version)
    {
        var employers = MemberIndex.List(members.State).Select(m => m.EmployerId).ToList();
        if (employers.Count == 0)
        {
            return;
        }

        IGrainTimer? fanOut = null;
        fanOut = this.RegisterGrainTimer(
            async _ =>
            {
                fanOut?.Dispose();
                foreach (var batch in employers.Chunk(ReassessBatchSize))
                {
                    await Task.WhenAll(batch.Select(async employerId =>
                    {
                        try
                        {
                            await GrainFactory.GetEmployer(employerId).ReassessAsync(CharterId);
                        }
                        catch (Exception ex) when (ex is not OutOfMemoryException)
                        {
                            LogReassessFailed(logger, ex, CharterId, version, employerId);
                        }
                    }));
                }
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private async Task MembersChangedAsync()
    {
        membersDirty = true;
        if (options.MemberIndexWriteDelay <= TimeSpan.Zero)
        {
            await FlushMembersAsync();
            return;
        }

        memberWrite ??= this.RegisterGrainTimer(
            async _ =>
            {
                memberWrite?.Dispose();
                memberWrite = null;
                await FlushMembersAsync();
            },
            new GrainTimerCreationOptions(options.MemberIndexWriteDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task FlushMembersAsync()
    {
        if (!membersDirty)
        {
            return;
        }

        membersDirty = false;
        try
        {
            await members.WriteStateAsync();
        }
        catch
        {
            membersDirty = true;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: employer {EmployerId} was not re-assessed; it catches up at its next re-assessment")]
    private static partial void LogReassessFailed(ILogger logger, Exception exception, string charterId, int version, string employerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charter {CharterId} published version {Version}")]
    private static partial void LogPublished(ILogger logger, string charterId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version} is published but the charter registry was not told; it will be on the next activation")]
    private static partial void LogRegistryBehind(ILogger logger, Exception exception, string charterId, int version);
}
