using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Calendar;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Events;
using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.Employers.Expiry;
using RegionalGoodWork.Employers.Profile;
using RegionalGoodWork.Employers.Views;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;
using EmployerEvidenceRequest = RegionalGoodWork.Employers.Contracts.EvidenceRequest;

namespace RegionalGoodWork.Employers;

/// <summary>
/// One employer: the source of truth for its profile, evidence and assessments. Every change is one state write,
/// whatever the number of charters; the views (charter member indexes, council contributions) are told afterwards,
/// only what changed, stamped with the write's <see cref="EmployerState.Stamp"/>, and what they are told stays owed in the
/// state until each view has stored it. One reminder per employer wakes it on the next day an item starts or stops
/// being in force, or, while views are owed a change, every wake period (so a crash loses no view's change).
/// </summary>
[GrainType("employer")]
internal sealed partial class EmployerGrain(
    [PersistentState("employer")] IPersistentState<EmployerState> state,
    PlatformClock clock,
    CatalogueCache catalogue,
    CharterDirectory charters,
    WageRateCache wageRates,
    IOptions<EmployersOptions> options,
    ILogger<EmployerGrain> logger) : Grain, IEmployerGrain, IEmployerContributionSource, IMemberIndexSource, IRemindable
{
    private ViewOutbox outbox = null!;
    private ExpiryReminder expiry = null!;
    private IGrainTimer? settling;
    private (string[] Sites, IReadOnlyList<RegionalGoodWork.Taxonomy.Contracts.WageArea> Areas)? siteAreas;

    private EmployerState S => state.State;

    private string EmployerId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        outbox = new ViewOutbox(() => state.State, EmployerId, GrainFactory, charters, logger);
        expiry = new ExpiryReminder(this, clock, EmployerId, options.Value.ViewWakePeriod, logger);
        var owed = S.Exists && outbox.HasUntold;
        await expiry.LoadedAsync(S.ReminderDue, owed);
        if (owed)
        {
            // The last writes' views may not have stored them (the silo died, or a view was unreachable). Telling them
            // again is harmless: each view ignores a stamp it already holds, and answers whether it has it stored.
            await TellViewsAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Outcome<EmployerProfileSaved>> DefineAsync(DefineEmployer command)
    {
        var profile = await CheckProfileAsync(command, new ValidationErrors());
        if (profile.Problem is { } problem)
        {
            return problem;
        }

        var created = !S.Exists;
        await SaveAsync(profile.Value!, [], null);
        return Outcome<EmployerProfileSaved>.Ok(new EmployerProfileSaved(S.ToProfile(EmployerId), created));
    }

    public async Task<Outcome<bool>> ImportAsync(ImportEmployer command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.WithinCouncils is { } within && S.Sites.FirstOrDefault(s => !within.Contains(s.LocalAuthority, StringComparer.Ordinal)) is { } elsewhere)
        {
            return new Problem(ProblemKind.Forbidden, "Site outside the region",
                $"Employer '{EmployerId}' also has a site in council {elsewhere.LocalAuthority}, outside your region; only an admin may replace its sites.");
        }

        // Both halves checked (every problem at once) before anything is written, by the rules of DefineAsync and
        // SubmitEvidenceAsync; the items' errors keep their index in the list sent.
        var errors = new ValidationErrors();
        var define = new DefineEmployer(command.Name, command.CompanyNumber, S.SicCodes, command.Sites);
        var profile = await CheckProfileAsync(define, new ValidationErrors());
        var items = command.Items.Count == 0
            ? Outcome<IReadOnlyList<ValidEvidence>>.Ok([])
            : await catalogue.ValidateAsync(new SubmitEvidence(command.Items, command.SubmittedBy), Today);
        if (profile.Problem is not null || items.Problem is not null)
        {
            foreach (var (field, messages) in (profile.Problem?.Errors ?? new Dictionary<string, string[]>()).Concat(items.Problem?.Errors ?? new Dictionary<string, string[]>()))
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }

            return errors.Any ? Problem.Invalid(errors) : (profile.Problem ?? items.Problem)!;
        }

        // Only what differs: the profile when a field or a site differs, an item when its kind's current item (the one that
        // counts today) has another value or there is none. Nothing differing, nothing is written (the same file again
        // changes nothing).
        var changedProfile = !S.Exists || !SameProfile(profile.Value!) ? profile.Value : null;
        var current = CurrentEvidence.On(S.Evidence, Today);
        var missing = items.Value!.Where(x => !(current.TryGetValue(x.Kind.Id, out var now) && now.Value == x.Value)).ToList();
        if (changedProfile is null && missing.Count == 0)
        {
            return Outcome<bool>.Ok(false);
        }

        await SaveAsync(changedProfile, missing, command.SubmittedBy);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The profile checks of <see cref="DefineAsync"/>: the id, the fields (<see cref="ProfileRules"/>) and every site's council.</summary>
    private async Task<Outcome<ValidProfile>> CheckProfileAsync(DefineEmployer command, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!EmployerIds.IsValid(EmployerId))
        {
            errors.Add("employerId", $"'{EmployerId}' is not an employer id: a lowercase slug or Companies House number.");
        }

        var profile = ProfileRules.Check(command, errors);
        await LocalAuthorityCheck.CheckAsync(GrainFactory, command, errors);
        return errors.Any || profile is null ? Problem.Invalid(errors) : Outcome<ValidProfile>.Ok(profile);
    }

    private bool SameProfile(ValidProfile profile) =>
        S.Name == profile.Name && S.CompanyNumber == profile.CompanyNumber && S.Sites.SequenceEqual(profile.Sites);

    /// <summary>
    /// The one write path of a profile and evidence: the profile (when not null) and the validated items, in one state write
    /// (<see cref="ChangeAsync"/>). The company number's index is claimed before the profile names it (a failed write
    /// leaves a stale claim, which finders check against the profile) and released after the profile stops naming it.
    /// Claimed on every save that names a number (a claim already held writes nothing), so a number claimed before the
    /// company-number directory existed is listed there at the employer's next save.
    /// </summary>
    private async Task<IReadOnlyList<EvidenceAccepted>> SaveAsync(ValidProfile? profile, IReadOnlyList<ValidEvidence> items, string? submittedBy)
    {
        var formerNumber = S.CompanyNumber;
        if (profile?.CompanyNumber is { } number)
        {
            await GrainFactory.GetCompanyNumber(number).ClaimAsync(EmployerId);
        }

        IReadOnlyList<EvidenceAccepted> accepted = [];
        await ChangeAsync(() =>
        {
            var now = Now;
            if (profile is not null)
            {
                S.SetProfile(profile, now);
            }

            if (items.Count > 0)
            {
                accepted = S.AppendEvidence(items, submittedBy!, now);
            }
        });
        if (profile is not null && formerNumber is not null && formerNumber != profile.CompanyNumber)
        {
            await GrainFactory.GetCompanyNumber(formerNumber).ReleaseAsync(EmployerId);
        }

        if (accepted.Count > 0)
        {
            EmployersLog.EvidenceAccepted(logger, EmployerId, accepted.Count, S.Stamp);
        }

        return accepted;
    }

    public async Task<Outcome<bool>> RecordCompaniesHouseAsync(CompaniesHouseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!S.Exists)
        {
            return Unknown<bool>();
        }

        if (record.SameFactsAs(S.CompaniesHouse))
        {
            return Outcome<bool>.Ok(false);
        }

        // Not evidence: nothing is assessed from it, but it is one ordinary change of the employer (one state write).
        await ChangeAsync(() => S.CompaniesHouse = record with { SicCodes = [.. record.SicCodes] });
        EmployersLog.CompaniesHouseRecorded(logger, EmployerId, record.Status ?? "unknown", record.Flag?.ToString() ?? "none");
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<int>> RecordContractsAsync(IReadOnlyList<ContractAward> awards)
    {
        ArgumentNullException.ThrowIfNull(awards);
        if (!S.Exists)
        {
            return Unknown<int>();
        }

        // Each award once (the last word of a batch wins), and only those new or saying something new.
        var news = awards.GroupBy(a => (a.Ocid, a.AwardId)).Select(g => g.Last())
            .Where(a => S.Contracts.Find(held => held.SameAwardAs(a)) is not { } held || held != a)
            .ToList();
        if (news.Count == 0)
        {
            return Outcome<int>.Ok(0);
        }

        // One ordinary change: the councils' contributions carry the employer's share of the awarded value.
        await ChangeAsync(() =>
        {
            S.Contracts.RemoveAll(held => news.Exists(a => a.SameAwardAs(held)));
            S.Contracts.AddRange(news);
        });
        EmployersLog.ContractsRecorded(logger, EmployerId, news.Count, S.Contracts.Count);
        return Outcome<int>.Ok(news.Count);
    }

    public Task<Outcome<IReadOnlyList<ContractAward>>> GetContractsAsync() =>
        Task.FromResult(S.Exists
            ? Outcome<IReadOnlyList<ContractAward>>.Ok(S.Contracts.OrderByDescending(c => c.Date).ThenBy(c => c.Ocid, StringComparer.Ordinal).ToList())
            : Unknown<IReadOnlyList<ContractAward>>());

    public Task<Outcome<EmployerProfile>> GetProfileAsync() =>
        Task.FromResult(S.Exists ? Outcome<EmployerProfile>.Ok(S.ToProfile(EmployerId)) : Unknown<EmployerProfile>());

    public async Task<Outcome<EvidenceSubmitted>> SubmitEvidenceAsync(SubmitEvidence command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!S.Exists)
        {
            return Unknown<EvidenceSubmitted>();
        }

        var validated = await catalogue.ValidateAsync(command, Today);
        if (validated.Problem is { } problem)
        {
            return problem;
        }

        var before = Reassessment.ActiveTiers(S.Memberships.Values);
        var accepted = await SaveAsync(null, validated.Value!, command.SubmittedBy);
        return Outcome<EvidenceSubmitted>.Ok(new EvidenceSubmitted(accepted, Reassessment.Moves(S.Memberships.Values, before)));
    }

    public async Task<Outcome<IReadOnlyList<EvidenceItemView>>> GetEvidenceAsync(bool history)
    {
        if (!S.Exists)
        {
            return Unknown<IReadOnlyList<EvidenceItemView>>();
        }

        if (!history || S.ArchivedPages == 0)
        {
            return Outcome<IReadOnlyList<EvidenceItemView>>.Ok(CurrentEvidence.Views(S.Evidence, Today, history));
        }

        // The archive pages and the state, merged back into the order of acceptance (archived items are never current).
        var pages = await Task.WhenAll(Enumerable.Range(1, S.ArchivedPages).Select(n => GrainFactory.GetEvidenceArchivePage(EmployerId, n).ReadAsync()));
        var all = pages.SelectMany(p => p).Concat(S.Evidence).OrderBy(i => i.Sequence).ToList();
        return Outcome<IReadOnlyList<EvidenceItemView>>.Ok(CurrentEvidence.Views(all, Today, history: true));
    }

    /// <summary>
    /// Before a state write: once <see cref="EmployersOptions.EvidenceArchivePageSize"/> items can never count again
    /// (<see cref="EvidenceArchive.Superseded"/> from <paramref name="today"/>), stores them as the next archive page and drops
    /// them from the state being written. The page is stored first: a write that then fails reloads the state, which still
    /// holds them, and the next batch stores the same page number again. A page that cannot be stored (storage trouble) leaves
    /// the items in the state this time: the change being written does not fail for it.
    /// </summary>
    private async Task ArchiveSupersededAsync(DateOnly today)
    {
        var size = options.Value.EvidenceArchivePageSize;
        if (S.Evidence.Count < size)
        {
            return;
        }

        var superseded = EvidenceArchive.Superseded(S.Evidence, today);
        if (superseded.Count < size)
        {
            return;
        }

        var page = S.ArchivedPages + 1;
        try
        {
            await GrainFactory.GetEvidenceArchivePage(EmployerId, page).StoreAsync(superseded);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Housekeeping never fails the change it rides on: the items stay in the state, and a later write archives them.
            EmployersLog.EvidenceArchiveFailed(logger, ex, EmployerId, page);
            return;
        }

        var moved = superseded.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        S.Evidence.RemoveAll(i => moved.Contains(i.Id));
        S.ArchivedPages = page;
        EmployersLog.EvidenceArchived(logger, EmployerId, page, superseded.Count);
    }

    public async Task<Outcome<MembershipJoined>> JoinAsync(string charterId)
    {
        ArgumentNullException.ThrowIfNull(charterId);
        if (!S.Exists)
        {
            return Unknown<MembershipJoined>();
        }

        if (S.Memberships.GetValueOrDefault(charterId) is { IsActive: true } active)
        {
            return Outcome<MembershipJoined>.Ok(new MembershipJoined(active.ToView(), false));
        }

        if (!Ids.IsSlug(charterId))
        {
            return Problem.NotFound("charter", charterId);
        }

        var latest = await charters.GetLatestAsync(charterId);
        if (latest.Problem is { } problem)
        {
            return problem;
        }

        await ChangeAsync(() =>
        {
            var now = Now;
            S.Memberships[charterId] = new Membership(charterId, latest.Value!.Version, MembershipStatus.Active, MembershipAssessment.None,
                now, now, null, now);
            S.UpdatedAt = now;
        }, [latest.Value!]);
        EmployersLog.Joined(logger, EmployerId, charterId, latest.Value!.Version, S.Memberships[charterId].Assessment.Tier);
        return Outcome<MembershipJoined>.Ok(new MembershipJoined(S.Memberships[charterId].ToView(), true));
    }

    public async Task<Outcome<MembershipView>> WithdrawAsync(string charterId)
    {
        ArgumentNullException.ThrowIfNull(charterId);
        if (!S.Exists)
        {
            return Unknown<MembershipView>();
        }

        if (!S.Memberships.TryGetValue(charterId, out var membership))
        {
            return new Problem(ProblemKind.NotFound, "Unknown membership", $"Employer '{EmployerId}' is not a member of '{charterId}'.");
        }

        if (membership.IsActive)
        {
            await ChangeAsync(() =>
            {
                S.Memberships[charterId] = membership with { Status = MembershipStatus.Withdrawn, WithdrawnAt = Now };
                S.UpdatedAt = Now;
            });
        }

        return Outcome<MembershipView>.Ok(S.Memberships[charterId].ToView());
    }

    public Task<Outcome<IReadOnlyList<MembershipView>>> GetMembershipsAsync() =>
        Task.FromResult(S.Exists
            ? Outcome<IReadOnlyList<MembershipView>>.Ok(S.Memberships.Values.OrderBy(m => m.CharterId, StringComparer.Ordinal).Select(m => m.ToView()).ToList())
            : Unknown<IReadOnlyList<MembershipView>>());

    public Task<Outcome<IReadOnlyList<EmployerEvidenceRequest>>> GetEvidenceRequestsAsync() =>
        Task.FromResult(S.Exists
            ? Outcome<IReadOnlyList<EmployerEvidenceRequest>>.Ok(Assessor.Requests(S.Memberships.Values))
            : Unknown<IReadOnlyList<EmployerEvidenceRequest>>());

    public async Task<Outcome<NextTierPlan>> GetNextTierPlanAsync()
    {
        if (!S.Exists)
        {
            return Unknown<NextTierPlan>();
        }

        // The same versions, rates and evidence a submission is assessed with; a kind whose current item is verified is
        // left out (a self-declared item would not replace it).
        var definitions = await charters.VersionsForAsync(S.Memberships.Values, new Dictionary<string, CharterVersion>(StringComparer.Ordinal));
        var rates = await RateContextAsync(definitions.Values, fresh: false);
        var kinds = await catalogue.GetAsync();
        var today = Today;
        var current = CurrentEvidence.On(S.Evidence, today);
        var verified = current.Where(c => c.Value.Source.IsVerified()).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var versions = definitions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value).ToList();
        return Outcome<NextTierPlan>.Ok(NextTierPlanner.Plan(versions, Assessor.Facts(current), kinds.FindKind, rates?.Context, today, verified,
            implications: KindImplications.From(kinds)));
    }

    public async Task<Outcome<EmployerCalendar>> GetCalendarAsync(IReadOnlyList<string>? onlyCharters = null)
    {
        if (!S.Exists)
        {
            return Unknown<EmployerCalendar>();
        }

        // From what the memberships and the locker already hold (assessments, DueBy, validity): no rule is evaluated here.
        var active = S.Memberships.Values
            .Where(m => m.IsActive && (onlyCharters is null || onlyCharters.Contains(m.CharterId, StringComparer.Ordinal)))
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .ToList();
        var versions = await charters.VersionsForAsync(active, new Dictionary<string, CharterVersion>(StringComparer.Ordinal));
        var facts = new CalendarFacts(Today, active, versions, S.Evidence, await catalogue.GetAsync(),
            await charters.NewestPublishedAsync(active.Select(m => m.CharterId)));
        return Outcome<EmployerCalendar>.Ok(new EmployerCalendar(EmployerId, S.Name, facts.Today, Now, RenewalCalendar.Build(facts)));
    }

    public async Task<Outcome<IReadOnlyList<TierMove>>> ReassessAsync(string? charterId = null)
    {
        if (!S.Exists)
        {
            return Unknown<IReadOnlyList<TierMove>>();
        }

        var latest = await charters.NewerVersionsAsync(S.Memberships.Values, charterId);

        var before = Reassessment.ActiveTiers(S.Memberships.Values);
        await ChangeAsync(() => { }, latest, onlyIfChanged: true, freshRates: true);
        return Outcome<IReadOnlyList<TierMove>>.Ok(Reassessment.Moves(S.Memberships.Values, before));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder.Name)
        {
            return;
        }

        if (!S.Exists)
        {
            await expiry.ArmAsync(null, force: true);
            return;
        }

        if (outbox.HasUntold)
        {
            // Woken in wake mode (after a crash, activation has told the views already; otherwise tell them now).
            await TellViewsAsync();
        }

        if (S.ReminderDue is { } due && Today < due)
        {
            // Woken early (clock skew, or the daily retry of an earlier firing): wait for the day itself.
            await expiry.ArmAsync(due, force: true);
            return;
        }

        // Re-assesses as of today; that re-arms the reminder when the next day anything starts or stops being in force
        // moved. The reminder that fired would otherwise tick again tomorrow: when the day did not move, or nothing is
        // ahead any more, re-arm or remove it here.
        var firedFor = S.ReminderDue;
        EmployersLog.ExpiryReminderFired(logger, EmployerId, firedFor);
        await ReassessAsync();
        if (S.ReminderDue is null || S.ReminderDue == firedFor)
        {
            await expiry.ArmAsync(S.ReminderDue, force: true);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the state, moves memberships to <paramref name="versions"/>, re-assesses
    /// every active membership as of today, recomputes what the views should show, writes the state once, then tells
    /// the views what changed and re-arms the expiry reminder. With <paramref name="onlyIfChanged"/>, nothing is written
    /// when nothing changed. On a failed write the state is read back (nothing half-applied stays in memory).
    /// </summary>
    private async Task ChangeAsync(Action change, IReadOnlyList<CharterVersion>? versions = null, bool onlyIfChanged = false, Action<long>? force = null,
        bool freshRates = false)
    {
        var newVersions = (versions ?? []).ToDictionary(v => v.CharterId, StringComparer.Ordinal);
        var definitions = await charters.VersionsForAsync(S.Memberships.Values, newVersions);
        var rates = await RateContextAsync(definitions.Values, freshRates);
        var implications = definitions.Count == 0 ? null : KindImplications.From(await catalogue.GetAsync());
        try
        {
            var tiersBefore = Reassessment.ActiveTiers(S.Memberships.Values);
            var existed = S.Exists;
            change();
            var (now, today) = (Now, Today);
            var stamp = S.Stamp + 1;
            var current = CurrentEvidence.On(S.Evidence, today);
            if (rates is { } held && !SameSites(held.Sites))
            {
                // The change moved the sites: read the areas again for the sites being written.
                rates = await RateContextAsync(definitions.Values, freshRates);
            }

            var changed = Reassessment.Run(S.Memberships, definitions, newVersions, Assessor.Facts(current), now, EmployerId, logger, rates?.Context, implications);
            changed |= outbox.Plan(stamp, ContributionsFor(stamp, current));

            // Webhook events, owed in the same write as the change that raised them. Expiries are noted from the day the
            // employer (or events) began: none for days before.
            var raised = EmployerEvents.TierChanges(EmployerId, tiersBefore, S.Memberships.Values, now)
                .Concat(existed ? EmployerEvents.Expiries(EmployerId, S.Evidence, S.ExpiriesNotedThrough ?? today, today, now) : [])
                .ToList();
            S.ExpiriesNotedThrough = today;
            S.EventsOwed.AddRange(raised);
            changed |= raised.Count > 0;
            if (force is not null)
            {
                force(stamp);
                changed = true;
            }

            var due = CurrentEvidence.NextChange(S.Evidence, today);
            changed |= due != S.ReminderDue;
            S.ReminderDue = due;
            if (onlyIfChanged && !changed)
            {
                await TellViewsAsync();
                await expiry.ArmAsync(S.ReminderDue);
                return;
            }

            if (outbox.HasUntold)
            {
                // Before the write that makes the change owed: after a crash, the reminder is what wakes this employer.
                await expiry.EnsureWakingAsync();
            }

            S.Stamp = stamp;
            await ArchiveSupersededAsync(today);
            await state.WriteStateAsync();
        }
        catch
        {
            await ForgetUnwrittenChangeAsync();
            throw;
        }

        await TellViewsAsync();
        await expiry.ArmAsync(S.ReminderDue);
    }

    /// <summary>
    /// The wage rates and the areas of the employer's sites, for versions with a leaf compared with a wage rate (null
    /// when none has one: nothing is asked of the wage-rates grain or Places).
    /// </summary>
    private async Task<(RateContext Context, string[] Sites)?> RateContextAsync(IEnumerable<CharterVersion> versions, bool fresh)
    {
        if (!versions.Any(v => v.Definition.Requirements.Any(r => r.Rule.Leaves().Any(l => l.ComparesWithRate))))
        {
            return null;
        }

        var sites = S.Sites.Select(s => s.LocalAuthority).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var table = await wageRates.GetAsync(fresh);
        if (fresh || siteAreas is not { } held || !held.Sites.SequenceEqual(sites, StringComparer.Ordinal))
        {
            // Read once per activation and set of sites (and again on an explicit re-assessment): councils rarely change region.
            siteAreas = (sites, await wageRates.AreasAsync(sites));
        }

        // Assessed as of today: from an announced rate's pay-by date a figure below it no longer meets it (the annual uplift).
        return (new RateContext(table, siteAreas.Value.Areas, Today), sites);
    }

    private bool SameSites(string[] sites) =>
        sites.SequenceEqual(S.Sites.Select(s => s.LocalAuthority).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// Tells the views what they are owed. While anything is owed, or the reminder is still waking, a timer asks again
    /// every <see cref="EmployersOptions.ViewRetryDelay"/>: views write behind, so their receipts say "stored" only
    /// later. Once every view has stored its change, the reminder goes back to the expiry day.
    /// </summary>
    private async Task TellViewsAsync()
    {
        await outbox.TellAsync();
        if (outbox.HasUntold && !expiry.Waking)
        {
            // Owed from before this activation (a crash, an unreachable view): keep the reminder waking meanwhile.
            try
            {
                await expiry.EnsureWakingAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                EmployersLog.ReminderFailed(logger, ex, EmployerId, S.ReminderDue);
            }
        }

        if (settling is null && (outbox.HasUntold || expiry.Waking))
        {
            var every = options.Value.ViewRetryDelay;
            settling = this.RegisterGrainTimer(SettleViewsAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        }
    }

    private async Task SettleViewsAsync(CancellationToken cancellationToken)
    {
        if (outbox.HasUntold)
        {
            await outbox.TellAsync();
            if (outbox.HasUntold)
            {
                return; // still owed: the timer asks again, and the reminder stays waking
            }
        }

        settling?.Dispose();
        settling = null;
        await expiry.EndWakingAsync();
    }

    /// <summary>
    /// For the Places audit: what this employer contributes to each council now, recomputed from its sites,
    /// memberships and the evidence in force today, stamped as last told (so a council holding the same stamp
    /// with other figures shows as drift). Changes nothing.
    /// </summary>
    public Task<Dictionary<string, EmployerContribution>> RecomputeContributionsAsync()
    {
        if (!S.Exists)
        {
            return Task.FromResult(new Dictionary<string, EmployerContribution>(StringComparer.Ordinal));
        }

        var fresh = ContributionsFor(S.Stamp, CurrentEvidence.On(S.Evidence, Today));
        return Task.FromResult(fresh.ToDictionary(
            f => f.Key,
            f => outbox.LocalAuthorities.Get(f.Key) is { } held ? f.Value with { Stamp = held.Stamp } : f.Value,
            StringComparer.Ordinal));
    }

    public async Task<ViewRepair> RepairContributionAsync(string localAuthority, EmployerContribution? held)
    {
        ArgumentException.ThrowIfNullOrEmpty(localAuthority);
        var want = ContributionsFor(S.Stamp, CurrentEvidence.On(S.Evidence, Today)).GetValueOrDefault(localAuthority);
        var channel = outbox.LocalAuthorities;
        var repair = channel.Judge(localAuthority, want, held, S.Stamp, c => c.IsRemoval);
        if (repair == ViewRepair.InSync)
        {
            return repair;
        }

        EmployersLog.ViewRepaired(logger, EmployerId, localAuthority, repair,
            held is null ? "no line" : held.IsRemoval ? $"a removal at stamp {held.Stamp}" : $"headcount {held.Headcount} at stamp {held.Stamp}");
        if (repair == ViewRepair.Retell)
        {
            channel.Retell(localAuthority);
            await TellViewsAsync();
        }
        else
        {
            await ReissueAsync(held?.Stamp ?? 0, stamp => channel.Force(localAuthority,
                channel.Get(localAuthority) is { } planned ? planned with { Stamp = stamp } : EmployerContribution.Removal(EmployerId, stamp)));
        }

        return repair;
    }

    public async Task<IReadOnlyList<MemberLineCheck>> CheckMemberLinesAsync(IReadOnlyList<MemberLine> held, bool repair)
    {
        ArgumentNullException.ThrowIfNull(held);
        var lines = held.Where(l => l.EmployerId == EmployerId)
            .GroupBy(l => l.CharterId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(l => l.Stamp)!, StringComparer.Ordinal);
        var charterIds = lines.Keys.Union(S.Memberships.Values.Where(m => S.Exists && m.IsActive).Select(m => m.CharterId), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var channel = outbox.Charters;
        var checks = new List<MemberLineCheck>();
        foreach (var charterId in charterIds)
        {
            var membership = S.Exists ? S.Memberships.GetValueOrDefault(charterId) : null;
            var want = membership is { IsActive: true } ? new MemberNotice(charterId, true, membership.HeldTier, membership.Since, 0, membership.CharterVersion) : null;
            var line = lines.GetValueOrDefault(charterId) is { } l ? new MemberNotice(charterId, !l.Removed, l.Tier, l.Since, l.Stamp, l.Version) : null;
            var verdict = channel.Judge(charterId, want, line, S.Stamp, n => !n.Active);
            if (verdict != ViewRepair.InSync)
            {
                checks.Add(new MemberLineCheck(charterId, EmployerId, verdict, Describe(want, line)));
            }
        }

        if (!repair || checks.Count == 0)
        {
            return checks;
        }

        foreach (var check in checks)
        {
            EmployersLog.ViewRepaired(logger, EmployerId, check.CharterId, check.Repair, check.Detail);
        }

        var reissued = checks.Where(c => c.Repair == ViewRepair.Reissue).Select(c => c.CharterId).ToList();
        foreach (var check in checks.Where(c => c.Repair == ViewRepair.Retell))
        {
            channel.Retell(check.CharterId);
        }

        if (reissued.Count == 0)
        {
            await TellViewsAsync();
            return checks;
        }

        await ReissueAsync(reissued.Max(id => lines.GetValueOrDefault(id)?.Stamp ?? 0), stamp =>
        {
            foreach (var charterId in reissued)
            {
                channel.Force(charterId, channel.Get(charterId) is { } planned
                    ? planned with { Stamp = stamp }
                    : new MemberNotice(charterId, false, null, default, stamp, 0));
            }
        });
        return checks;

        static string Describe(MemberNotice? want, MemberNotice? line) =>
            (want, line) switch
            {
                (null, null) => "nothing held, nothing wanted",
                (_, null) => $"missing: the employer is a member (tier {want!.Tier ?? "none"})",
                (null, { Active: true }) => $"listed (tier {line!.Tier ?? "none"}, stamp {line.Stamp}) but the employer is not an active member",
                (null, _) => $"a removal at stamp {line!.Stamp}, above the employer's stamp",
                (_, { Active: false }) => $"removed at stamp {line!.Stamp} but the employer is a member (tier {want!.Tier ?? "none"})",
                _ => $"held tier {line!.Tier ?? "none"} since {line.Since:O} on version {line.Version} at stamp {line.Stamp}; the employer holds tier {want!.Tier ?? "none"} since {want.Since:O} on version {want.Version}",
            };
    }

    /// <summary>
    /// Issues view lines again under a stamp above <paramref name="floor"/> (the highest a view holds): one ordinary change
    /// whose stamp is raised past the floor, with <paramref name="force"/> restamping the lines even if their content is the
    /// same, so the views take them as newer. Employer stamps stay strictly increasing; it only jumps.
    /// </summary>
    private Task ReissueAsync(long floor, Action<long> force) =>
        ChangeAsync(() => S.Stamp = Math.Max(S.Stamp, floor), force: force);

    /// <summary>
    /// After a failed write, memory must hold what storage holds, or the change the caller was told failed would be
    /// written by the next change. Read it back; if storage cannot be read either (it is down), drop this activation,
    /// so the next call starts from storage.
    /// </summary>
    private async Task ForgetUnwrittenChangeAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EmployersLog.StateReloadFailed(logger, ex, EmployerId);
            DeactivateOnIdle();
        }
    }

    /// <summary>What this employer contributes to each council (Places' rule), stamped with <paramref name="stamp"/>.</summary>
    private Dictionary<string, EmployerContribution> ContributionsFor(long stamp, IReadOnlyDictionary<string, EvidenceRecord> current) =>
        EmployerContributions.Compute(EmployerId, stamp, S.Sites.Select(s => (s.LocalAuthority, s.Headcount)),
            S.Memberships.Values.Select(m => (m.CharterId, m.HeldTier)), current.ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal),
            S.Contracts.Sum(c => c.AttributedValue));

    private Outcome<T> Unknown<T>() => Problem.NotFound("employer", EmployerId);
}
