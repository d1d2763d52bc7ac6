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

    /// <summary>
    /// A copy to hand to storage. Council entries are copied (their fields change); their totals and official
    /// series are replaced, never changed in place, so they are shared.
    /// </summary>
    public RegionState Snapshot() => new()
    {
        Name = Name,
        LocalAuthorities = LocalAuthorities.ToDictionary(
            c => c.Key,
            c => new CouncilSummary { Code = c.Value.Code, Name = c.Value.Name, Version = c.Value.Version, Totals = c.Value.Totals, Official = c.Value.Official },
            StringComparer.Ordinal),
        Official = Official.Clone(),
    };
}

/// <summary>
/// A region: a roll-up of its councils' summaries, which the councils push as they change. Every read (region
/// figures, each council's figures, the index) is answered from this grain's memory in one call, whatever the
/// number of employers. Membership and the region's own official data are written through; the councils'
/// figures (a copy they re-send when asked) are written behind.
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
            errors.Add("localAuthorities", $"At most {MaxLocalAuthorities} councils (England has about 300).");
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

        var isNew = !Defined;
        S.Name = command!.Name.Trim();
        await SetMembersAsync(seen, onlyIfUnassigned: false);
        if (isNew)
        {
            await GrainFactory.GetPlacesDirectory().RegisterRegionAsync(Code);
        }

        return Outcome<RegionView>.Ok(View());
    }

    public async Task<bool> SeedAsync(string name, IReadOnlyList<string> localAuthorities)
    {
        if (Defined)
        {
            return false;
        }

        S.Name = name;
        await SetMembersAsync(localAuthorities.ToHashSet(StringComparer.Ordinal), onlyIfUnassigned: true);
        return true;
    }

    private async Task SetMembersAsync(IReadOnlySet<string> localAuthorities, bool onlyIfUnassigned)
    {
        foreach (var leaver in S.LocalAuthorities.Keys.Where(c => !localAuthorities.Contains(c)).ToList())
        {
            // Told first, forgotten after: once the council has left it sends nothing more here.
            await LocalAuthority(leaver).LeaveRegionAsync(Code);
            S.LocalAuthorities.Remove(leaver);
        }

        // Councils join one at a time: each may have to leave another region first.
        foreach (var code in localAuthorities.Order(StringComparer.Ordinal))
        {
            if (await LocalAuthority(code).JoinRegionAsync(Code, onlyIfUnassigned) is { } summary)
            {
                Keep(summary);
            }
        }

        await writer.WriteNowAsync();
    }

    public Task<bool> UpdateLocalAuthorityTotalsAsync(string localAuthority, long version, ContributionTotals totals)
    {
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

    public async Task ImportOfficialAsync(IReadOnlyList<OfficialObservation> observations)
    {
        if (S.Official.Merge(observations) > 0)
        {
            await writer.WriteNowAsync();
        }
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

    private RegionIndicatorSet Indicators(int year)
    {
        var totals = ContributionTotals.Sum(S.LocalAuthorities.Values.Select(c => c.Totals));
        var own = IndicatorCalculator.ForArea(Code, S.Name!, year, CurrentYear, totals, S.Official, EmployerCounting.Apportioned, options.Value.MinimumEmployers);
        return new RegionIndicatorSet(own.Area, own.AreaName, year, own.Indicators, Members().Select(c => LocalAuthoritySet(c, year)).ToList(), own.Note);
    }

    private IndicatorSet LocalAuthoritySet(CouncilSummary localAuthority, int year) =>
        IndicatorCalculator.ForArea(localAuthority.Code, localAuthority.Name, year, CurrentYear, localAuthority.Totals, localAuthority.Official, EmployerCounting.Distinct, options.Value.MinimumEmployers);

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
