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
internal sealed class LocalAuthorityState
{
    [Id(0)] public string? Name { get; set; }

    [Id(1)] public string? RegionCode { get; set; }

    [Id(2)] public CouncilLedger Ledger { get; set; } = new();

    [Id(3)] public OfficialSeries Official { get; set; } = new();

    [Id(4)] public long Version { get; set; }

    /// <summary>Yearly snapshots of the employer-derived figures (copy on write); written through when one is taken.</summary>
    [Id(5)] public IndicatorYears Years { get; set; } = IndicatorYears.None;
}

/// <summary>
/// A council. Contributions are applied in memory, the region is told at once, and the state is written behind
/// (at most every <see cref="PlacesOptions.FlushInterval"/>, and on deactivation). Definitions and official data
/// are written through.
/// </summary>
[GrainType("local-authority")]
internal sealed class LocalAuthorityGrain(
    [PersistentState("local-authority")] IPersistentState<LocalAuthorityState> state,
    IOptions<PlacesOptions> options,
    PlatformClock time,
    ILogger<LocalAuthorityGrain> logger) : Grain, ILocalAuthorityRollupGrain
{
    private WriteBehind<LocalAuthorityState> writer = null!;

    private string Code => this.GetPrimaryKeyString();

    private bool Defined => state.State.Name is not null;

    private LocalAuthorityState S => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // No call to the region here: the region reads its councils when it activates (a council activating while its
        // region does would otherwise wait on each other). Changes this council lost in a crash were never receipted
        // as stored, so their employers tell them again, and the region hears of them as of any change.
        writer = new WriteBehind<LocalAuthorityState>(this, state, options.Value.FlushInterval, logger);
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await writer.OnDeactivateAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<Outcome<LocalAuthorityView>> GetAsync() =>
        Task.FromResult(Defined ? Outcome<LocalAuthorityView>.Ok(View()) : NotFound<LocalAuthorityView>());

    public Task<bool> IsDefinedAsync() => Task.FromResult(Defined);

    public async Task<Outcome<LocalAuthorityView>> DefineAsync(DefineLocalAuthority command)
    {
        var errors = new ValidationErrors();
        if (command is null || string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 200)
        {
            errors.Add("name", "A name of 1 to 200 characters is required.");
        }

        var regionCode = string.IsNullOrWhiteSpace(command?.RegionCode) ? null : command.RegionCode.Trim();
        if (regionCode is not null && !Ids.IsGssCode(regionCode))
        {
            errors.Add("regionCode", $"'{regionCode}' is not a GSS code (e.g. E47000001).");
        }
        else if (regionCode is not null && regionCode != S.RegionCode && !await Region(regionCode).IsDefinedAsync())
        {
            errors.Add("regionCode", $"Unknown region {regionCode}: define it first with PUT /api/v1/regions/{regionCode}.");
        }

        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        var isNew = !Defined;
        S.Name = command!.Name.Trim();
        var previous = S.RegionCode;
        if (previous is not null && previous != regionCode)
        {
            await Region(previous).RemoveLocalAuthorityAsync(Code);
        }

        S.RegionCode = regionCode;
        S.Version = NextVersion();
        await writer.WriteNowAsync();
        if (regionCode is not null)
        {
            await Region(regionCode).AddLocalAuthorityAsync(Summary());
        }

        if (isNew)
        {
            await GrainFactory.GetPlacesDirectory().RegisterLocalAuthorityAsync(Code);
        }

        return Outcome<LocalAuthorityView>.Ok(View());
    }

    public async Task<bool> SeedAsync(string name)
    {
        if (Defined)
        {
            return false;
        }

        S.Name = name;
        S.Version = NextVersion();
        await writer.WriteNowAsync();
        return true;
    }

    public async Task<CouncilSummary?> JoinRegionAsync(string regionCode, bool onlyIfUnassigned)
    {
        if (!Defined)
        {
            return null;
        }

        if (S.RegionCode != regionCode)
        {
            var previous = S.RegionCode;
            if (previous is not null && onlyIfUnassigned)
            {
                return null;
            }

            await MoveAsync(regionCode, NextVersion());
            if (previous is not null)
            {
                await Region(previous).RemoveLocalAuthorityAsync(Code);
            }
        }

        return Summary();
    }

    public async Task LeaveRegionAsync(string regionCode)
    {
        if (S.RegionCode == regionCode)
        {
            await MoveAsync(null, S.Version);
        }
    }

    /// <summary>
    /// Which region this council belongs to is written through, and a write that failed is undone here: the move did
    /// not happen, and it must not resurface with a later write (the region retries it).
    /// </summary>
    private async Task MoveAsync(string? regionCode, long version)
    {
        var (region, held) = (S.RegionCode, S.Version);
        (S.RegionCode, S.Version) = (regionCode, version);
        try
        {
            await writer.WriteNowAsync();
        }
        catch
        {
            (S.RegionCode, S.Version) = (region, held);
            throw;
        }
    }

    public async Task<Outcome<ViewReceipt>> ApplyContributionAsync(EmployerContribution contribution)
    {
        if (!Defined)
        {
            return NotFound<ViewReceipt>();
        }

        var errors = CouncilLedger.Validate(contribution);
        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        var change = S.Ledger.Apply(contribution);
        await AfterChangesAsync(change.Result != ViewChange.Stale ? [contribution.EmployerId] : [], change.TotalsChanged);
        return Outcome<ViewReceipt>.Ok(new ViewReceipt(change.Result, writer.IsStored(contribution.EmployerId)));
    }

    public async Task<Outcome<ContributionBatchResult>> ApplyContributionsAsync(IReadOnlyList<EmployerContribution> contributions)
    {
        if (!Defined)
        {
            return NotFound<ContributionBatchResult>();
        }

        var errors = CouncilLedger.ValidateBatch(contributions);
        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        var (result, totalsChanged) = S.Ledger.ApplyBatch(contributions);
        await AfterChangesAsync(result.Applied + result.Unchanged > 0 ? contributions.Select(c => c.EmployerId).ToList() : [], totalsChanged);
        return Outcome<ContributionBatchResult>.Ok(result);
    }

    public Task<Outcome<ViewReceipt>> RemoveContributionAsync(string employerId, long stamp) =>
        ApplyContributionAsync(EmployerContribution.Removal(employerId, stamp));

    public Task<IReadOnlyList<Contributor>> GetContributorsAsync() =>
        Task.FromResult<IReadOnlyList<Contributor>>(
            S.Ledger.Contributions.Values.Select(c => new Contributor(c.EmployerId, c.Stamp, c.Headcount))
                .Concat(S.Ledger.Removed.Select(r => new Contributor(r.Key, r.Value, 0)))
                .OrderBy(c => c.EmployerId, StringComparer.Ordinal).ToList());

    public Task<EmployerContribution?> GetContributionAsync(string employerId) =>
        Task.FromResult(S.Ledger.Contributions.TryGetValue(employerId, out var held) ? held
            : S.Ledger.Removed.TryGetValue(employerId, out var stamp) ? EmployerContribution.Removal(employerId, stamp)
            : null);

    public async Task<bool> RebuildTotalsAsync()
    {
        var rebuilt = ContributionTotals.From(S.Ledger.Contributions.Values);
        if (!Defined || rebuilt.Measures().SequenceEqual(S.Ledger.Totals.Measures()))
        {
            return false;
        }

        S.Ledger.Totals = rebuilt;
        await writer.ChangedAsync();
        await AfterChangesAsync([], totalsChanged: true);
        return true;
    }

    public Task<Outcome<DriftReport>> CheckDriftAsync(IReadOnlyList<EmployerContribution> recomputed)
    {
        if (!Defined)
        {
            return Task.FromResult(NotFound<DriftReport>());
        }

        var report = DriftCheck.Compare(Code, S.Ledger, recomputed ?? []);
        logger.Drift(report);
        return Task.FromResult(Outcome<DriftReport>.Ok(report));
    }

    public Task<Outcome<IndicatorSet>> GetIndicatorsAsync(int year) =>
        Task.FromResult(Defined ? Outcome<IndicatorSet>.Ok(Indicators(year)) : NotFound<IndicatorSet>());

    public Task<Outcome<string>> GetIndicatorsCsvAsync(int year) =>
        Task.FromResult(Defined ? Outcome<string>.Ok(IndicatorCsv.Write([Indicators(year)])) : NotFound<string>());

    public async Task<int> ImportOfficialAsync(IReadOnlyList<OfficialObservation> observations)
    {
        var changed = S.Official.Merge(observations);
        if (changed == 0)
        {
            return 0;
        }

        S.Version = NextVersion();
        await writer.WriteNowAsync();
        if (S.RegionCode is not null)
        {
            await Region(S.RegionCode).AddLocalAuthorityAsync(Summary());
        }

        return changed;
    }

    public async Task<bool> TakeSnapshotAsync(int year, bool yearEnd)
    {
        if (!Defined)
        {
            return false;
        }

        var taken = YearSnapshot.Take(year, yearEnd, time.GetUtcNow(),
            IndicatorCalculator.EmployerDerived(S.Ledger.Totals, EmployerCounting.Distinct, options.Value.MinimumEmployers));
        if (S.Years.With(taken) is { } years)
        {
            // Written through; a failed write is undone here, so the snapshot is either stored or not taken.
            var (heldYears, heldVersion) = (S.Years, S.Version);
            (S.Years, S.Version) = (years, NextVersion());
            try
            {
                await writer.WriteNowAsync();
            }
            catch
            {
                (S.Years, S.Version) = (heldYears, heldVersion);
                throw;
            }

            logger.SnapshotTaken(Code, year, yearEnd);
        }

        if (S.RegionCode is { } region)
        {
            await Region(region).AddLocalAuthorityAsync(Summary());
        }

        return true;
    }

    public Task<CouncilSummary?> GetSummaryAsync(string regionCode) =>
        Task.FromResult(Defined && S.RegionCode == regionCode ? Summary() : null);

    private IndicatorSet Indicators(int year) =>
        IndicatorCalculator.ForArea(Code, S.Name!, year, time.GetUtcNow().Year, S.Ledger.Totals, S.Official, EmployerCounting.Distinct, options.Value.MinimumEmployers, S.Years);

    private async Task AfterChangesAsync(IReadOnlyList<string> employersChanged, bool totalsChanged)
    {
        if (employersChanged.Count > 0)
        {
            await writer.ChangedAsync(employersChanged);
        }

        if (totalsChanged)
        {
            S.Version = NextVersion();
            if (S.RegionCode is { } region && !await Region(region).UpdateLocalAuthorityTotalsAsync(Code, S.Version, S.Ledger.Totals))
            {
                await Region(region).AddLocalAuthorityAsync(Summary());
            }
        }
    }

    /// <summary>Strictly increasing and time-based, so versions stay ahead of any the region saw before a crash.</summary>
    private long NextVersion() => Math.Max(S.Version + 1, time.GetUtcNow().UtcTicks);

    private CouncilSummary Summary() => new() { Code = Code, Name = S.Name!, Version = S.Version, Totals = S.Ledger.Totals, Official = S.Official, Years = S.Years };

    private LocalAuthorityView View() => new(Code, S.Name!, S.RegionCode);

    private IRegionRollupGrain Region(string code) => GrainFactory.GetRegionRollup(code);

    private Outcome<T> NotFound<T>() => Problem.NotFound("local authority", Code);
}
