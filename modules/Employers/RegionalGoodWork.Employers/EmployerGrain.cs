using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.Employers.Profile;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;
using EmployerEvidenceRequest = RegionalGoodWork.Employers.Contracts.EvidenceRequest;

namespace RegionalGoodWork.Employers;

/// <summary>
/// One employer: the source of truth for its profile, evidence and assessments. Every change is one state write,
/// whatever the number of charters; the views (charter member indexes, council contributions) are told afterwards,
/// only what changed, stamped with the write's <see cref="EmployerState.Stamp"/>. One reminder per employer wakes it
/// on the next day an item starts or stops being in force.
/// </summary>
[GrainType("employer")]
internal sealed class EmployerGrain(
    [PersistentState("employer")] IPersistentState<EmployerState> state,
    PlatformClock clock,
    CatalogueCache catalogue,
    CharterDirectory charters,
    ILogger<EmployerGrain> logger) : Grain, IEmployerGrain, IEmployerContributionSource, IRemindable
{
    public const string ExpiryReminder = "evidence-expiry";

    /// <summary>
    /// The reminder fires first at the due day; the period only matters if a firing fails to re-arm it (then it is
    /// tried again a day later).
    /// </summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);

    /// <summary>What the reminder row is known to say (null = none); unknown after a failed registration.</summary>
    private (bool Known, DateOnly? Due) armed;

    private EmployerState S => state.State;

    private string EmployerId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        armed = (true, S.ReminderDue);
        if (S.Exists && HasUntoldViews())
        {
            // The last write's views may not have been confirmed (the silo stopped, or a view was unreachable).
            // Telling them again is harmless: each view ignores a stamp it already holds.
            await TellViewsAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Outcome<EmployerProfileSaved>> DefineAsync(DefineEmployer command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new ValidationErrors();
        if (!EmployerIds.IsValid(EmployerId))
        {
            errors.Add("employerId", $"'{EmployerId}' is not an employer id: a lowercase slug or Companies House number.");
        }

        var profile = ProfileRules.Check(command, errors);
        await CheckCouncilsAsync(command, errors);
        if (errors.Any || profile is null)
        {
            return Problem.Invalid(errors);
        }

        var created = !S.Exists;
        await ChangeAsync(() =>
        {
            S.Exists = true;
            S.Name = profile.Name;
            S.CompanyNumber = profile.CompanyNumber;
            S.SicCodes = profile.SicCodes.ToList();
            S.Sites = profile.Sites.ToList();
            if (created)
            {
                S.CreatedAt = Now;
            }

            S.UpdatedAt = Now;
        });
        return Outcome<EmployerProfileSaved>.Ok(new EmployerProfileSaved(Profile(), created));
    }

    public Task<Outcome<EmployerProfile>> GetProfileAsync() =>
        Task.FromResult(S.Exists ? Outcome<EmployerProfile>.Ok(Profile()) : Unknown<EmployerProfile>());

    public async Task<Outcome<EvidenceSubmitted>> SubmitEvidenceAsync(SubmitEvidence command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!S.Exists)
        {
            return Unknown<EvidenceSubmitted>();
        }

        var today = Today;
        var validated = EvidenceBatch.Validate(command, await catalogue.GetAsync(), today);
        if (!validated.IsOk)
        {
            // A kind added or changed a moment ago may not be in this silo's copy of the catalogue yet.
            validated = EvidenceBatch.Validate(command, await catalogue.GetAsync(fresh: true), today);
            if (validated.Problem is { } problem)
            {
                return problem;
            }
        }

        var before = ActiveTiers();
        var accepted = new List<EvidenceAccepted>();
        await ChangeAsync(() =>
        {
            var submittedAt = Now;
            foreach (var item in validated.Value!)
            {
                var number = ++S.LastEvidenceNumber;
                var id = $"ev-{number}";
                S.Evidence.Add(new EvidenceRecord(id, item.Kind.Id, item.Value, item.EffectiveFrom, item.ValidUntil, item.Source,
                    submittedAt, command.SubmittedBy, item.Note, number));
                accepted.Add(new EvidenceAccepted(id, item.Kind.Id));
            }

            S.UpdatedAt = submittedAt;
        });
        EmployersLog.EvidenceAccepted(logger, EmployerId, accepted.Count, S.Stamp);
        return Outcome<EvidenceSubmitted>.Ok(new EvidenceSubmitted(accepted, Moves(before)));
    }

    public Task<Outcome<IReadOnlyList<EvidenceItemView>>> GetEvidenceAsync(bool history)
    {
        if (!S.Exists)
        {
            return Task.FromResult(Unknown<IReadOnlyList<EvidenceItemView>>());
        }

        var current = CurrentEvidence.On(S.Evidence, Today).Values.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<EvidenceItemView> items = history
            ? S.Evidence.Select(i => i.ToView(current.Contains(i.Id))).ToList()
            : S.Evidence.Where(i => current.Contains(i.Id)).OrderBy(i => i.Kind, StringComparer.Ordinal).Select(i => i.ToView(true)).ToList();
        return Task.FromResult(Outcome<IReadOnlyList<EvidenceItemView>>.Ok(items));
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

    public async Task<Outcome<IReadOnlyList<TierMove>>> ReassessAsync(string? charterId = null)
    {
        if (!S.Exists)
        {
            return Unknown<IReadOnlyList<TierMove>>();
        }

        // Move memberships to their charter's latest published version (a charter that vanished keeps the version held).
        var latest = new List<CharterVersion>();
        foreach (var membership in S.Memberships.Values.Where(m => m.IsActive && (charterId is null || m.CharterId == charterId)).ToList())
        {
            var found = await charters.GetLatestAsync(membership.CharterId);
            if (found.Value is { } version && version.Version != membership.CharterVersion)
            {
                latest.Add(version);
            }
        }

        var before = ActiveTiers();
        await ChangeAsync(() => { }, latest, onlyIfChanged: true);
        return Outcome<IReadOnlyList<TierMove>>.Ok(Moves(before));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (!S.Exists)
        {
            await ArmReminderAsync(force: true, due: null);
            return;
        }

        if (S.ReminderDue is { } due && Today < due)
        {
            // Woken early (clock skew, or the daily retry of an earlier firing): wait for the day itself.
            await ArmReminderAsync(force: true, due);
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
            await ArmReminderAsync(force: true, S.ReminderDue);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the state, moves memberships to <paramref name="versions"/>, re-assesses
    /// every active membership as of today, recomputes what the views should show, writes the state once, then tells
    /// the views what changed and re-arms the expiry reminder. With <paramref name="onlyIfChanged"/>, nothing is written
    /// when nothing changed. On a failed write the state is read back (nothing half-applied stays in memory).
    /// </summary>
    private async Task ChangeAsync(Action change, IReadOnlyList<CharterVersion>? versions = null, bool onlyIfChanged = false)
    {
        var newVersions = (versions ?? []).ToDictionary(v => v.CharterId, StringComparer.Ordinal);
        var definitions = await LoadVersionsAsync(newVersions);
        try
        {
            change();
            var (now, today) = (Now, Today);
            var stamp = S.Stamp + 1;
            var changed = Reassess(definitions, newVersions, now, today);
            changed |= PlanViews(stamp, today);
            var due = CurrentEvidence.NextChange(S.Evidence, today);
            changed |= due != S.ReminderDue;
            S.ReminderDue = due;
            if (onlyIfChanged && !changed)
            {
                await TellViewsAsync();
                await ArmReminderAsync(force: false, S.ReminderDue);
                return;
            }

            S.Stamp = stamp;
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }

        await TellViewsAsync();
        await ArmReminderAsync(force: false, S.ReminderDue);
    }

    /// <summary>The published versions the active memberships are (or are moving) on, keyed by charter.</summary>
    private async Task<Dictionary<string, CharterVersion>> LoadVersionsAsync(Dictionary<string, CharterVersion> newVersions)
    {
        var result = new Dictionary<string, CharterVersion>(newVersions, StringComparer.Ordinal);
        foreach (var membership in S.Memberships.Values.Where(m => m.IsActive && !result.ContainsKey(m.CharterId)))
        {
            if (await charters.GetVersionAsync(membership.CharterId, membership.CharterVersion) is { } version)
            {
                result[membership.CharterId] = version;
            }
        }

        return result;
    }

    /// <summary>Re-assesses every active membership against its version; true when any membership changed.</summary>
    private bool Reassess(Dictionary<string, CharterVersion> definitions, Dictionary<string, CharterVersion> newVersions,
        DateTimeOffset now, DateOnly today)
    {
        var facts = Assessor.Facts(CurrentEvidence.On(S.Evidence, today));
        var changed = false;
        foreach (var membership in S.Memberships.Values.Where(m => m.IsActive).ToList())
        {
            var moved = newVersions.GetValueOrDefault(membership.CharterId);
            if (definitions.GetValueOrDefault(membership.CharterId) is not { } version)
            {
                // The charter's version could not be read: keep the last assessment rather than guess.
                EmployersLog.VersionUnavailable(logger, EmployerId, membership.CharterId, membership.CharterVersion);
                continue;
            }

            var assessment = Assessor.Assess(version, facts);
            if (moved is null && assessment.SameAs(membership.Assessment))
            {
                continue;
            }

            var tierMoved = assessment.Tier != membership.Assessment.Tier;
            S.Memberships[membership.CharterId] = membership with
            {
                CharterVersion = version.Version,
                Assessment = assessment,
                Since = tierMoved ? now : membership.Since,
                AssessedAt = now,
            };
            changed = true;
            if (tierMoved)
            {
                EmployersLog.TierMoved(logger, EmployerId, membership.CharterId, membership.Assessment.Tier, assessment.Tier);
            }
        }

        return changed;
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

        var fresh = EmployerContributions.Compute(EmployerId, S.Stamp, S.Sites.Select(s => (s.LocalAuthority, s.Headcount)),
            S.Memberships.Values.Select(m => (m.CharterId, m.HeldTier)), CurrentEvidence.On(S.Evidence, Today).ToDictionary(e => e.Key, e => e.Value.Value));
        return Task.FromResult(fresh.ToDictionary(
            f => f.Key,
            f => S.Contributions.GetValueOrDefault(f.Key) is { } held ? f.Value with { Stamp = held.Stamp } : f.Value,
            StringComparer.Ordinal));
    }

    /// <summary>
    /// Recomputes what each view should show; an entry whose content changed gets <paramref name="stamp"/>. True when
    /// anything changed. Councils the employer left get a removal; charters it withdrew from a removal notice.
    /// </summary>
    private bool PlanViews(long stamp, DateOnly today)
    {
        var changed = false;
        var current = CurrentEvidence.On(S.Evidence, today);
        var fresh = EmployerContributions.Compute(EmployerId, stamp, S.Sites.Select(s => (s.LocalAuthority, s.Headcount)),
            S.Memberships.Values.Select(m => (m.CharterId, m.HeldTier)), current.ToDictionary(e => e.Key, e => e.Value.Value));
        foreach (var (council, contribution) in fresh)
        {
            if (S.Contributions.GetValueOrDefault(council) is not { } held || !held.SameContentAs(contribution))
            {
                S.Contributions[council] = contribution;
                changed = true;
            }
        }

        foreach (var (council, held) in S.Contributions.ToList())
        {
            if (!fresh.ContainsKey(council) && !held.IsRemoval)
            {
                S.Contributions[council] = EmployerContribution.Removal(EmployerId, stamp);
                changed = true;
            }
        }

        foreach (var membership in S.Memberships.Values)
        {
            var notice = new MemberNotice(membership.CharterId, membership.IsActive, membership.HeldTier, membership.Since, stamp);
            if (S.MemberNotices.GetValueOrDefault(membership.CharterId) is not { } held || !held.SameContentAs(notice))
            {
                S.MemberNotices[membership.CharterId] = notice;
                changed = true;
            }
        }

        return changed;
    }

    private bool HasUntoldViews() =>
        S.Contributions.Any(c => c.Value.Stamp > S.ContributionsTold.GetValueOrDefault(c.Key)) ||
        S.MemberNotices.Any(m => m.Value.Stamp > S.MemberNoticesTold.GetValueOrDefault(m.Key));

    /// <summary>
    /// Tells each view whose entry is newer than what it confirmed, all at once. A view that fails is told again after
    /// the next change or activation; the failure is logged, never thrown (the employer's own write has succeeded).
    /// </summary>
    private async Task TellViewsAsync()
    {
        var calls = new List<Task>();
        foreach (var (council, contribution) in S.Contributions.Where(c => c.Value.Stamp > S.ContributionsTold.GetValueOrDefault(c.Key)).ToList())
        {
            calls.Add(TellCouncilAsync(council, contribution));
        }

        foreach (var (charterId, notice) in S.MemberNotices.Where(m => m.Value.Stamp > S.MemberNoticesTold.GetValueOrDefault(m.Key)).ToList())
        {
            calls.Add(TellCharterAsync(charterId, notice));
        }

        await Task.WhenAll(calls);
    }

    private async Task TellCouncilAsync(string council, EmployerContribution contribution)
    {
        try
        {
            var result = await GrainFactory.GetLocalAuthority(council).ApplyContributionAsync(contribution);
            if (result.Problem is { } problem)
            {
                EmployersLog.ViewRefused(logger, EmployerId, council, problem.Detail ?? problem.Title);
            }

            S.ContributionsTold[council] = contribution.Stamp;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EmployersLog.ViewUnreachable(logger, ex, EmployerId, council);
        }
    }

    private async Task TellCharterAsync(string charterId, MemberNotice notice)
    {
        try
        {
            if (notice.Active)
            {
                await charters.UpdateMemberAsync(charterId, EmployerId, notice.Tier, notice.Since, notice.Stamp);
            }
            else
            {
                await charters.RemoveMemberAsync(charterId, EmployerId, notice.Stamp);
            }

            S.MemberNoticesTold[charterId] = notice.Stamp;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EmployersLog.ViewUnreachable(logger, ex, EmployerId, charterId);
        }
    }

    /// <summary>Keeps the one expiry reminder at <paramref name="due"/> (midnight UTC), or removes it when null.</summary>
    private async Task ArmReminderAsync(bool force, DateOnly? due)
    {
        if (!force && armed.Known && armed.Due == due)
        {
            return;
        }

        try
        {
            if (due is { } day)
            {
                var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                var wait = at - Now;
                await this.RegisterOrUpdateReminder(ExpiryReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ReminderPeriod);
            }
            else if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            armed = (true, due);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            armed = (false, null);
            EmployersLog.ReminderFailed(logger, ex, EmployerId, due);
        }
    }

    private async Task CheckCouncilsAsync(DefineEmployer command, ValidationErrors errors)
    {
        var sites = command.Sites ?? [];
        var codes = sites
            .Select((s, i) => (Index: i, Code: ProfileRules.NormalizeCouncil(s?.LocalAuthority)))
            .Where(x => Ids.IsGssCode(x.Code))
            .ToList();
        var known = await Task.WhenAll(codes.Select(c => c.Code!).Distinct(StringComparer.Ordinal)
            .Select(async code => (Code: code, Known: await GrainFactory.IsKnownCouncilAsync(code))));
        var unknown = known.Where(k => !k.Known).Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, code) in codes.Where(c => unknown.Contains(c.Code!)))
        {
            errors.Add($"sites[{index}].localAuthority", $"Unknown council '{code}' (see GET /api/v1/local-authorities/{{gss}}).");
        }
    }

    private Dictionary<string, string?> ActiveTiers() =>
        S.Memberships.Values.Where(m => m.IsActive).ToDictionary(m => m.CharterId, m => m.Assessment.Tier, StringComparer.Ordinal);

    private IReadOnlyList<TierMove> Moves(Dictionary<string, string?> before) =>
        S.Memberships.Values
            .Where(m => m.IsActive)
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .Select(m => new TierMove(m.CharterId, before.GetValueOrDefault(m.CharterId), m.Assessment.Tier))
            .ToList();

    private EmployerProfile Profile() =>
        new(EmployerId, S.Name, S.CompanyNumber, S.SicCodes, S.Sites, S.Sites.Sum(s => s.Headcount), S.CreatedAt, S.UpdatedAt);

    private Outcome<T> Unknown<T>() => Problem.NotFound("employer", EmployerId);
}
