using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Indicators;
using RegionalGoodWork.Places.Official;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Grains;

[GenerateSerializer]
internal sealed class RegionState
{
    [Id(0)] public string? Name { get; set; }

    /// <summary>Member councils as they last told the region (code → summary).</summary>
    [Id(1)] public Dictionary<string, CouncilSummary> LocalAuthorities { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public OfficialSeries Official { get; set; } = new();

    /// <summary>A definition accepted but not yet carried through to every council it moves (null when none).</summary>
    [Id(3)] public PendingDefinition? Pending { get; set; }

    /// <summary>Yearly snapshots of the region's own employer-derived figures (copy on write); written through when taken.</summary>
    [Id(4)] public IndicatorYears Years { get; set; } = IndicatorYears.None;

    /// <summary>
    /// A copy to hand to storage. Council entries are copied (their fields change); their totals and official
    /// series are replaced, never changed in place, so they are shared.
    /// </summary>
    public RegionState Snapshot() => new()
    {
        Name = Name,
        LocalAuthorities = LocalAuthorities.ToDictionary(
            c => c.Key,
            c => new CouncilSummary { Code = c.Value.Code, Name = c.Value.Name, Version = c.Value.Version, Totals = c.Value.Totals, Official = c.Value.Official, Years = c.Value.Years },
            StringComparer.Ordinal),
        Official = Official.Clone(),
        Pending = Pending,
        Years = Years,
    };
}

/// <summary>
/// A region's new definition, stored before any council is moved and cleared once all have: the name, the councils it
/// lists (in order), and the councils that must leave (the old members and any a definition it replaced had moved).
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record PendingDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> LocalAuthorities,
    [property: Id(2)] IReadOnlyList<string> Leaving);

/// <summary>
/// A region: a roll-up of its councils' summaries, which the councils push as they change. Every read (region
/// figures, each council's figures, the index) is answered from this grain's memory in one call, whatever the
/// number of employers. Membership and the region's own official data are written through; the councils'
/// figures (a copy they re-send when asked) are written behind. A new definition is all-or-nothing: checked whole, stored
/// as the region's intent before any council moves, carried through by the region itself (after an outage or a crash,
/// on a timer), and only then shown: readers see the old name and councils until every council has moved.
/// </summary>
[GrainType("region")]
internal sealed class RegionGrain(
    [PersistentState("region")] IPersistentState<RegionState> state,
    IOptions<PlacesOptions> options,
    PlatformClock time,
    ILogger<RegionGrain> logger) : Grain, IRegionRollupGrain
{
    // Roll-up calls interleave with everything, including a write in flight: they change this live copy, and
    // storage is handed snapshots of it.
    private RegionState live = null!;

    /// <summary>The most councils a region may list.</summary>
    internal const int MaxLocalAuthorities = 500;
    private WriteBehind<RegionState> writer = null!;

    // Councils that have joined for the pending definition, with their latest summaries, shown once it completes.
    private readonly Dictionary<string, CouncilSummary> arriving = new(StringComparer.Ordinal);
    private IGrainTimer? retrying;

    /// <summary>The last indicator set answered and what it was computed from (see <see cref="Indicators"/>).</summary>
    private (int Year, object?[] Inputs, RegionIndicatorSet Set)? answered;

    private string Code => this.GetPrimaryKeyString();

    private bool Defined => live.Name is not null;

    private RegionState S => live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        live = state.State;
        writer = new WriteBehind<RegionState>(this, state, options.Value.FlushInterval, logger, live.Snapshot);

        // The councils' figures are written behind here: after a crash this copy may be behind its councils, which are
        // the figures' source. Read them before answering anything. A council that cannot answer keeps the copy held
        // (it tells this region of its next change anyway).
        var summaries = await Task.WhenAll(S.LocalAuthorities.Keys.ToList().Select(ReadSummaryAsync));
        foreach (var summary in summaries.OfType<CouncilSummary>())
        {
            Keep(summary);
        }

        if (S.Pending is not null)
        {
            RetryDefinition(); // accepted before a crash or an outage: carried on, with no one asking
        }

        await base.OnActivateAsync(cancellationToken);

        async Task<CouncilSummary?> ReadSummaryAsync(string localAuthority)
        {
            try
            {
                return await LocalAuthority(localAuthority).GetSummaryAsync(Code);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.CouncilUnreadable(ex, Code, localAuthority);
                return null;
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await writer.OnDeactivateAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<Outcome<RegionView>> GetAsync() =>
        Task.FromResult(Defined ? Outcome<RegionView>.Ok(View()) : NotFound<RegionView>());

    public Task<bool> IsDefinedAsync() => Task.FromResult(Defined);

    public async Task<Outcome<RegionView>> DefineAsync(DefineRegion command)
    {
        var errors = new ValidationErrors();
        if (command is null || string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 200)
        {
            errors.Add("name", "A name of 1 to 200 characters is required.");
        }

        var localAuthorities = command?.LocalAuthorities ?? [];
        if (command?.LocalAuthorities is null)
        {
            errors.Add("localAuthorities", "A list of council GSS codes is required (empty for none).");
        }
        else if (localAuthorities.Count > MaxLocalAuthorities)
        {
            // Refused before any council is asked: the list is checked against every council it names.
            errors.Add("localAuthorities", $"At most {MaxLocalAuthorities} councils (the UK has 361).");
            return Problem.Invalid(errors);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checks = new List<(int Index, string Code, Task<bool> Defined)>();
        for (var i = 0; i < localAuthorities.Count; i++)
        {
            var code = localAuthorities[i];
            if (!Ids.IsGssCode(code))
            {
                errors.Add($"localAuthorities[{i}]", $"'{code}' is not a GSS code (e.g. E08000003).");
            }
            else if (!seen.Add(code))
            {
                errors.Add($"localAuthorities[{i}]", $"{code} is listed twice.");
            }
            else
            {
                checks.Add((i, code, LocalAuthority(code).IsDefinedAsync()));
            }
        }

        await Task.WhenAll(checks.Select(c => c.Defined));
        foreach (var (index, code, _) in checks.Where(c => !c.Defined.Result))
        {
            errors.Add($"localAuthorities[{index}]", $"Unknown council {code}: define it first with PUT /api/v1/local-authorities/{code}.");
        }

        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        // The intent is stored before any council moves; if that write fails, nothing has changed.
        var previous = S.Pending;
        var listed = seen.Order(StringComparer.Ordinal).ToList();
        var leaving = S.LocalAuthorities.Keys.Concat(previous?.LocalAuthorities ?? []).Concat(previous?.Leaving ?? [])
            .Where(c => !seen.Contains(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        S.Pending = new PendingDefinition(command!.Name.Trim(), listed, leaving);
        try
        {
            await writer.WriteNowAsync();
        }
        catch
        {
            S.Pending = previous;
            throw;
        }

        await CompleteDefinitionAsync();
        return Outcome<RegionView>.Ok(View());
    }

    /// <summary>
    /// Carries the pending definition through: the leavers leave, the listed councils join (each may leave another
    /// region first); both are idempotent, so a retry after a failure part-way repeats nothing harmful. Then the new
    /// name and councils are shown and stored at once. On a failure the intent stays and a timer retries.
    /// </summary>
    private async Task CompleteDefinitionAsync()
    {
        if (S.Pending is not { } pending)
        {
            return;
        }

        try
        {
            foreach (var leaver in pending.Leaving)
            {
                // Told first, forgotten after: once the council has left it sends nothing more here.
                await LocalAuthority(leaver).LeaveRegionAsync(Code);
            }

            foreach (var code in pending.LocalAuthorities)
            {
                if (await LocalAuthority(code).JoinRegionAsync(Code, onlyIfUnassigned: false) is { } summary)
                {
                    Arrive(summary);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.DefinitionDeferred(ex, Code);
            RetryDefinition();
            throw;
        }

        var isNew = !Defined;
        foreach (var leaver in pending.Leaving)
        {
            S.LocalAuthorities.Remove(leaver);
        }

        foreach (var summary in arriving.Values)
        {
            Keep(summary);
        }

        arriving.Clear();
        S.Name = pending.Name;
        S.Pending = null;
        retrying?.Dispose();
        retrying = null;
        await writer.WriteNowAsync();
        if (isNew)
        {
            await GrainFactory.GetPlacesDirectory().RegisterRegionAsync(Code);
        }
    }

    private void RetryDefinition()
    {
        var every = options.Value.DefinitionRetryDelay;
        retrying ??= this.RegisterGrainTimer(
            async _ =>
            {
                try
                {
                    await CompleteDefinitionAsync();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Logged by CompleteDefinitionAsync; the timer tries again.
                }
            },
            new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    /// <summary>A council that joined for the pending definition: held aside (newest summary) until it completes.</summary>
    private void Arrive(CouncilSummary summary)
    {
        if (!arriving.TryGetValue(summary.Code, out var held) || Stamps.Compare(held.Version, summary.Version) == StampOrder.Newer)
        {
            arriving[summary.Code] = summary;
        }
    }

    public async Task<bool> SeedAsync(string name, IReadOnlyList<string> localAuthorities)
    {
        if (Defined || S.Pending is not null)
        {
            return false;
        }

        // The shipped geography: only councils no region holds yet join, so a definition made by hand stands.
        S.Name = name;
        foreach (var code in localAuthorities.Order(StringComparer.Ordinal))
        {
            if (await LocalAuthority(code).JoinRegionAsync(Code, onlyIfUnassigned: true) is { } summary)
            {
                Keep(summary);
            }
        }

        await writer.WriteNowAsync();
        return true;
    }

    public Task<bool> UpdateLocalAuthorityTotalsAsync(string localAuthority, long version, ContributionTotals totals)
    {
        if (arriving.TryGetValue(localAuthority, out var joining))
        {
            if (Stamps.Compare(joining.Version, version) == StampOrder.Newer)
            {
                arriving[localAuthority] = new CouncilSummary { Code = joining.Code, Name = joining.Name, Version = version, Totals = totals, Official = joining.Official, Years = joining.Years };
            }

            return Task.FromResult(true);
        }

        if (!S.LocalAuthorities.TryGetValue(localAuthority, out var entry))
        {
            return Task.FromResult(false);
        }

        if (Stamps.Compare(entry.Version, version) != StampOrder.Newer)
        {
            return Task.FromResult(true);
        }

        entry.Version = version;
        entry.Totals = totals;
        return Answer(writer.ChangedAsync());

        static async Task<bool> Answer(Task written)
        {
            await written;
            return true;
        }
    }

    public async Task AddLocalAuthorityAsync(CouncilSummary summary)
    {
        if (S.Pending?.LocalAuthorities.Contains(summary.Code, StringComparer.Ordinal) == true && !S.LocalAuthorities.ContainsKey(summary.Code))
        {
            Arrive(summary); // joining for the pending definition: shown with it
            return;
        }

        S.LocalAuthorities.TryGetValue(summary.Code, out var held);
        if (!Keep(summary))
        {
            return;
        }

        // A new member or a new name is stored at once; refreshed figures are a derived copy, written behind.
        await (held is null || held.Name != summary.Name ? writer.WriteNowAsync() : writer.ChangedAsync());
    }

    public async Task RemoveLocalAuthorityAsync(string localAuthority)
    {
        if (S.LocalAuthorities.Remove(localAuthority))
        {
            await writer.WriteNowAsync();
        }
    }

    public async Task<int> ImportOfficialAsync(IReadOnlyList<OfficialObservation> observations)
    {
        // Copy on write: a changed series is a new object, so a kept indicator set (Indicators) sees the change.
        var official = S.Official.Clone();
        var changed = official.Merge(observations);
        if (changed > 0)
        {
            S.Official = official;
            await writer.WriteNowAsync();
        }

        return changed;
    }

    public Task<Outcome<RegionIndicatorSet>> GetIndicatorsAsync(int year) =>
        Task.FromResult(Defined ? Outcome<RegionIndicatorSet>.Ok(Indicators(year)) : NotFound<RegionIndicatorSet>());

    public Task<Outcome<string>> GetIndicatorsCsvAsync(int year)
    {
        if (!Defined)
        {
            return Task.FromResult(NotFound<string>());
        }

        var set = Indicators(year);
        var csv = IndicatorCsv.Write([new IndicatorSet(set.Area, set.AreaName, set.Year, set.Indicators, set.Note), .. set.ByLocalAuthority]);
        return Task.FromResult(Outcome<string>.Ok(csv));
    }

    public Task<Outcome<IReadOnlyList<GoodWorkIndexEntry>>> GetGoodWorkIndexAsync(int year)
    {
        if (!Defined)
        {
            return Task.FromResult(NotFound<IReadOnlyList<GoodWorkIndexEntry>>());
        }

        var inputs = Members().Select(c => new IndexInput(new PlaceRef(c.Code, c.Name),
            LocalAuthoritySet(c, year).Indicators, LocalAuthoritySet(c, year - 1).Indicators)).ToList();
        return Task.FromResult(Outcome<IReadOnlyList<GoodWorkIndexEntry>>.Ok(GoodWorkIndex.Compute(inputs)));
    }

    public async Task<Outcome<IndicatorSnapshotReceipt>> TakeSnapshotAsync()
    {
        if (!Defined)
        {
            return NotFound<IndicatorSnapshotReceipt>();
        }

        var year = CurrentYear;
        if (S.Years.For(year) is { YearEnd: true } done)
        {
            return new Problem(ProblemKind.Conflict, "Year already snapshotted",
                $"{year} has its year-end snapshot (taken {done.TakenAt:O}), which is never replaced.");
        }

        // The councils first (each stores its own and tells this region), then the region's own figures from their totals.
        var councils = Members().Select(c => c.Code).ToList();
        await Task.WhenAll(councils.Select(c => LocalAuthority(c).TakeSnapshotAsync(year, yearEnd: false)));
        var taken = await TakeOwnAsync(year, yearEnd: false);
        return Outcome<IndicatorSnapshotReceipt>.Ok(new IndicatorSnapshotReceipt(Code, year, IndicatorSnapshotInfo.OnDemandKind, taken.TakenAt, councils));
    }

    public async Task TakeYearEndSnapshotAsync(int year)
    {
        if (Defined)
        {
            await TakeOwnAsync(year, yearEnd: true);
        }
    }

    /// <summary>Snapshots the region's own figures (written through; undone if the write fails). Answers the snapshot the year holds.</summary>
    private async Task<YearSnapshot> TakeOwnAsync(int year, bool yearEnd)
    {
        var taken = YearSnapshot.Take(year, yearEnd, time.GetUtcNow(),
            IndicatorCalculator.EmployerDerived(ContributionTotals.Sum(S.LocalAuthorities.Values.Select(c => c.Totals)), EmployerCounting.Apportioned, options.Value.MinimumEmployers));
        if (S.Years.With(taken) is not { } years)
        {
            return S.Years.For(year)!;
        }

        var held = S.Years;
        S.Years = years;
        try
        {
            await writer.WriteNowAsync();
        }
        catch
        {
            S.Years = held;
            throw;
        }

        logger.SnapshotTaken(Code, year, yearEnd);
        return taken;
    }

    public Task<Outcome<IndicatorSnapshots>> GetSnapshotsAsync() =>
        Task.FromResult(Defined
            ? Outcome<IndicatorSnapshots>.Ok(new IndicatorSnapshots(Code, S.Years.List(),
                Members().ToDictionary(c => c.Code, c => c.Years.List(), StringComparer.Ordinal)))
            : NotFound<IndicatorSnapshots>());

    /// <summary>
    /// The region's figures and each council's for a year. The last answer is kept and answered again, the same instance,
    /// while every input is the same object it was — the name, official series and snapshots of the region, and each
    /// member council's code, name, totals, official series and snapshots (replaced when they change, never changed in
    /// place) — and the current year has not moved: an England-size region's 300 council sets are computed once per change,
    /// not per read, and the API can keep their JSON (<c>Api/PlacesApi.cs</c>) for as long as the instance is answered.
    /// </summary>
    private RegionIndicatorSet Indicators(int year)
    {
        var members = Members().ToList();
        var inputs = new object?[4 + (members.Count * 5)];
        (inputs[0], inputs[1], inputs[2], inputs[3]) = (S.Name, S.Official, S.Years, CurrentYear);
        for (var i = 0; i < members.Count; i++)
        {
            var c = members[i];
            (inputs[4 + (i * 5)], inputs[5 + (i * 5)], inputs[6 + (i * 5)], inputs[7 + (i * 5)], inputs[8 + (i * 5)]) = (c.Code, c.Name, c.Totals, c.Official, c.Years);
        }

        if (answered is { } last && last.Year == year && last.Inputs.Length == inputs.Length
            && last.Inputs.Zip(inputs).All(p => ReferenceEquals(p.First, p.Second) || (p.First is int a && p.Second is int b && a == b)))
        {
            return last.Set;
        }

        var totals = ContributionTotals.Sum(members.Select(c => c.Totals));
        var own = IndicatorCalculator.ForArea(Code, S.Name!, year, CurrentYear, totals, S.Official, EmployerCounting.Apportioned, options.Value.MinimumEmployers, S.Years);
        var set = new RegionIndicatorSet(own.Area, own.AreaName, year, own.Indicators, members.Select(c => LocalAuthoritySet(c, year)).ToList(), own.Note);
        answered = (year, inputs, set);
        return set;
    }

    private IndicatorSet LocalAuthoritySet(CouncilSummary localAuthority, int year) =>
        IndicatorCalculator.ForArea(localAuthority.Code, localAuthority.Name, year, CurrentYear, localAuthority.Totals, localAuthority.Official, EmployerCounting.Distinct, options.Value.MinimumEmployers, localAuthority.Years);

    private int CurrentYear => time.GetUtcNow().Year;

    private IEnumerable<CouncilSummary> Members() => S.LocalAuthorities.Values.OrderBy(c => c.Code, StringComparer.Ordinal);

    /// <summary>Keeps a council's summary unless one at least as new is held. True when it changed.</summary>
    private bool Keep(CouncilSummary summary)
    {
        if (S.LocalAuthorities.TryGetValue(summary.Code, out var held) && Stamps.Compare(held.Version, summary.Version) != StampOrder.Newer)
        {
            return false;
        }

        S.LocalAuthorities[summary.Code] = summary;
        return true;
    }

    private RegionView View() => new(Code, S.Name!, Members().Select(c => new PlaceRef(c.Code, c.Name)).ToList());

    private ILocalAuthorityRollupGrain LocalAuthority(string code) => GrainFactory.GetLocalAuthorityRollup(code);

    private Outcome<T> NotFound<T>() => Problem.NotFound("region", Code);
}
