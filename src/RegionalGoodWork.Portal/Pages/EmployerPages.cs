using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.FeatureManagement;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Portal.Components;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Portal.Pages;

/// <summary>
/// The signed-in pages (issue 12, items 4 and 5), behind <see cref="PortalModule.EmployerPagesFlag"/>: an employer's page
/// (<c>/employers/{employerId}</c>: memberships with tier progress, the evidence requests as one form, evidence history,
/// what expires next) and a charter's members page for its officers (<c>/charters/{charterId}/members</c>). Who may see
/// each is the host's access rules (<see cref="PortalAccess"/>: the same policies as the API's routes); evidence is
/// submitted through the same employer grain call as <c>POST /api/v1/employers/{id}/evidence</c>.
/// </summary>
internal static class EmployerPages
{
    /// <summary>Members read at once on a charter's members page.</summary>
    private const int MemberReadBatch = 50;

    /// <summary>The prefix of a form field carrying one evidence kind's value: <c>value:pay.rlw-accredited</c>.</summary>
    public const string ValueField = "value:";

    public static void MapEmployerPages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/employers/{employerId}", async (string employerId, HttpContext http, PortalServices s) =>
            await s.RefusalAsync(http, s.Access.EmployerCase) ?? await EmployerPageAsync(employerId, http, s, null, null));

        pages.MapPost("/employers/{employerId}", async (string employerId, HttpContext http, PortalServices s) =>
        {
            if (await s.RefusalAsync(http, s.Access.EmployerLocker) is { } refused)
            {
                return refused;
            }

            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : FormCollection.Empty;
            if (!await s.Antiforgery.IsRequestValidAsync(http))
            {
                return PortalResults.Message(StatusCodes.Status400BadRequest, "Please try again",
                    "The form had expired or did not come from this page. Nothing was saved. Open your employer page and send it again.");
            }

            var id = EmployerIds.Normalize(employerId);
            var catalogue = await s.Grains.GetTaxonomy().GetCatalogueAsync();
            var posted = form.Keys.Where(k => k.StartsWith(ValueField, StringComparison.Ordinal))
                .Select(k => (Kind: k[ValueField.Length..], Text: form[k].ToString().Trim()))
                .Where(f => f.Text.Length > 0 && catalogue.FindKind(f.Kind) is not null)
                .ToList();
            var values = posted.ToDictionary(f => f.Kind, f => f.Text, StringComparer.Ordinal);
            var errors = new List<FormError>();
            var items = new List<EvidenceItemInput?>();
            var itemKinds = new List<string>();
            foreach (var (kind, text) in posted)
            {
                var evidenceKind = catalogue.FindKind(kind)!;
                if (Read(evidenceKind, text) is { } value)
                {
                    items.Add(new EvidenceItemInput(kind, value));
                    itemKinds.Add(kind);
                }
                else
                {
                    errors.Add(new FormError(kind, $"{RuleText.KindName(catalogue, kind)}: enter a number, like 12 or 12.5"));
                }
            }

            if (errors.Count == 0 && items.Count == 0)
            {
                errors.Add(new FormError(null, "Enter at least one piece of evidence"));
            }

            if (errors.Count > 0)
            {
                return await EmployerPageAsync(id, http, s, new FormState(values, errors), null, StatusCodes.Status400BadRequest);
            }

            // The API's path: the employer's grain checks every item (all or nothing) and re-assesses every membership.
            var caller = s.Access.CallerOf(http.User)!;
            var submitted = await s.Grains.GetEmployer(id).SubmitEvidenceAsync(
                new SubmitEvidence(items, caller.KeyId, MayChooseSource: false, DefaultSource: EvidenceSource.SelfDeclared));
            if (submitted.Problem is { Kind: ProblemKind.NotFound })
            {
                return EmployerNotFound(id);
            }

            if (submitted.Problem is { } problem)
            {
                foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
                {
                    var kind = ItemIndex(field) is { } i && i < itemKinds.Count ? itemKinds[i] : null;
                    errors.AddRange(messages.Select(m => new FormError(kind, kind is null ? m : $"{RuleText.KindName(catalogue, kind)}: {Lower(m)}")));
                }

                if (errors.Count == 0)
                {
                    errors.Add(new FormError(null, problem.Detail ?? problem.Title));
                }

                return await EmployerPageAsync(id, http, s, new FormState(values, errors), null, StatusCodes.Status400BadRequest);
            }

            return await EmployerPageAsync(id, http, s, null, submitted.Value);
        });
    }

    public static void MapCharterMembersPage(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/charters/{charterId}/members", async (string charterId, HttpContext http, PortalServices s) =>
        {
            if (!await s.Features.IsEnabledAsync(PortalModule.EmployerPagesFlag))
            {
                return PortalResults.NotFound("Page not found", "This page is not switched on here.");
            }

            if (!Ids.IsSlug(charterId) || await s.Grains.GetCharter(charterId).GetLatestAsync() is not { } version)
            {
                return PortalResults.NotFound("Charter not found", $"There is no published charter '{charterId}' on this platform.");
            }

            if (await s.RefusalAsync(http, s.Access.CharterSteward) is { } refused)
            {
                return refused;
            }

            var caller = s.Access.CallerOf(http.User)!;
            var catalogue = await s.Grains.GetTaxonomy().GetCatalogueAsync();
            var members = await s.Grains.GetCharter(charterId).GetMembersAsync();
            // The members' lockers are open to the charter's officers and admins only (the API's employer-case rule); a
            // region operator sees the members and their tiers, which are public.
            var readsLockers = caller.Role == Roles.Admin || caller is { Role: Roles.CharterOfficer, Scope.CharterIds: { } mine } && mine.Contains(charterId, StringComparer.Ordinal);
            var kinds = version.Definition.Requirements.SelectMany(r => r.Rule.Kinds()).ToHashSet(StringComparer.Ordinal);
            // Members are read a batch at a time, so a charter with thousands of members never has them all in flight at once.
            var rows = new List<MemberRow>(members.Count);
            foreach (var batch in members.OrderBy(m => m.EmployerId, StringComparer.Ordinal).Chunk(MemberReadBatch))
            {
                rows.AddRange(await Task.WhenAll(batch.Select(async m =>
                {
                    var employer = s.Grains.GetEmployer(m.EmployerId);
                    var name = (await employer.GetProfileAsync()).Value?.Name ?? m.EmployerId;
                    IReadOnlyList<EvidenceItemView> awaiting = readsLockers
                        ? ((await employer.GetEvidenceAsync(history: false)).Value ?? [])
                            .Where(e => e.Source == EvidenceSource.SelfDeclared && kinds.Contains(e.Kind)).ToList()
                        : [];
                    return new MemberRow(m, name, awaiting);
                })));
            }

            return PortalResults.Page<CharterMembersPage>(new { Model = new CharterMembersModel(version, catalogue, rows, readsLockers) });
        });
    }

    /// <summary>The employer's page, as the caller may see it, with the form's state after a refused submission or the result of an accepted one.</summary>
    private static async Task<IResult> EmployerPageAsync(string employerId, HttpContext http, PortalServices s, FormState? form, EvidenceSubmitted? submitted,
        int status = StatusCodes.Status200OK)
    {
        var id = EmployerIds.Normalize(employerId);
        var employer = s.Grains.GetEmployer(id);
        if (!EmployerIds.IsValid(id) || (await employer.GetProfileAsync()).Value is not { } profile)
        {
            return EmployerNotFound(employerId);
        }

        var caller = s.Access.CallerOf(http.User)!;
        var catalogue = await s.Grains.GetTaxonomy().GetCatalogueAsync();
        var memberships = (await employer.GetMembershipsAsync()).Value ?? [];
        if (caller is { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters })
        {
            memberships = memberships.Where(m => charters.Contains(m.CharterId, StringComparer.Ordinal)).ToList(); // an officer sees its own charters' only
        }

        var versions = await Task.WhenAll(memberships.Select(m => s.Grains.GetCharter(m.CharterId).GetVersionAsync(m.CharterVersion)));
        var progress = memberships.Zip(versions, (m, v) => new MembershipProgress(m, v))
            .OrderBy(p => p.Membership.Status).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var runsLocker = await s.Access.AllowsAsync(s.Authorization, http, s.Access.EmployerLocker);
        IReadOnlyList<RequestField>? requests = null;
        AntiforgeryTokenSet? tokens = null;
        if (runsLocker)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in progress)
            {
                names[p.Membership.CharterId] = p.Name;
            }

            requests = ((await employer.GetEvidenceRequestsAsync()).Value ?? [])
                .Where(r => catalogue.FindKind(r.Kind) is not null)
                .Select(r => new RequestField(catalogue.FindKind(r.Kind)!, r.Advances
                    .Select(a => $"{names.GetValueOrDefault(a.CharterId, a.CharterId)} ({CharterText.Tier(a.Tier)})").Distinct(StringComparer.Ordinal).ToList()))
                .ToList();
            tokens = s.Antiforgery.GetAndStoreTokens(http);
        }

        var history = (await employer.GetEvidenceAsync(history: true)).Value ?? [];
        var moves = submitted?.Memberships.Where(m => m.Moved)
            .Select(m => new TierMoveText(progress.FirstOrDefault(p => p.Membership.CharterId == m.CharterId)?.Name ?? m.CharterId, m))
            .ToList();
        var model = new EmployerPageModel(
            id, profile.Name, s.Clock.Today, catalogue, progress, requests, form ?? FormState.Empty, tokens?.FormFieldName, tokens?.RequestToken,
            history.OrderByDescending(e => e.SubmittedAt).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList(),
            history.Where(e => e.Current).OrderBy(e => e.ValidUntil).ThenBy(e => e.Kind, StringComparer.Ordinal).Take(5).ToList(),
            submitted is null ? null : new SubmissionResult(submitted.Accepted.Count, moves!));
        return PortalResults.Page<EmployerPage>(new { Model = model }, status);
    }

    /// <summary>A form field's text as the value the API would have been sent: yes/no as a bool, numbers as numbers, the rest as text; null for a number that does not read.</summary>
    private static SubmittedValue? Read(EvidenceKind kind, string text)
    {
        switch (kind.Type)
        {
            case EvidenceType.Bool:
                return text switch
                {
                    "yes" => new SubmittedValue(SubmittedValueShape.Bool, Bool: true),
                    "no" => new SubmittedValue(SubmittedValueShape.Bool, Bool: false),
                    _ => new SubmittedValue(SubmittedValueShape.Other),
                };
            case var t when t.IsNumeric():
                var number = text.Replace(",", "", StringComparison.Ordinal).TrimStart('£').TrimEnd('%').Trim();
                return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                    ? new SubmittedValue(SubmittedValueShape.Number, Number: n)
                    : null;
            default:
                return new SubmittedValue(SubmittedValueShape.Text, Text: text);
        }
    }

    /// <summary>The item a validation path names: <c>items[2].value</c> → 2.</summary>
    private static int? ItemIndex(string field)
    {
        var end = field.IndexOf(']', StringComparison.Ordinal);
        return field.StartsWith("items[", StringComparison.Ordinal) && end > 6
            && int.TryParse(field.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? i
            : null;
    }

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;

    private static IResult EmployerNotFound(string employerId) =>
        PortalResults.NotFound("Employer not found", $"There is no employer '{employerId}' on this platform.");
}

/// <summary>What the signed-in pages use, resolved once per request.</summary>
internal sealed class PortalServices(IGrainFactory grains, PortalAccess access, IAuthorizationService authorization, IAntiforgery antiforgery,
    IFeatureManager features, PlatformClock clock)
{
    public IGrainFactory Grains => grains;

    public PortalAccess Access => access;

    public IAuthorizationService Authorization => authorization;

    public IAntiforgery Antiforgery => antiforgery;

    public IFeatureManager Features => features;

    public PlatformClock Clock => clock;

    /// <summary>
    /// The page to answer instead when the caller may not go on: the 404 page while the flag is off for the caller, the
    /// sign-in page (401) when nobody is signed in, the refusal page (403) when <paramref name="policy"/> refuses the
    /// caller; null to go on.
    /// </summary>
    public async Task<IResult?> RefusalAsync(HttpContext http, string policy)
    {
        if (!await features.IsEnabledAsync(PortalModule.EmployerPagesFlag))
        {
            return PortalResults.NotFound("Page not found", "This page is not switched on here.");
        }

        if (access.CallerOf(http.User) is null)
        {
            return PortalResults.Message(StatusCodes.Status401Unauthorized, "Sign in to see this page",
                "This page is for the employer it shows and the officers of its charters. Sign in with the link you were sent, then open it again.");
        }

        return await access.AllowsAsync(authorization, http, policy)
            ? null
            : PortalResults.Message(StatusCodes.Status403Forbidden, "You cannot see this page",
                "You are signed in, but this page belongs to someone else: an employer sees its own page, and a charter's officers see its members' pages.");
    }
}

/// <summary>The employer's page: who, the day it is (for validity), memberships, the request form (null when the caller may not submit), evidence, the last submission's result.</summary>
public sealed record EmployerPageModel(
    string EmployerId,
    string Name,
    DateOnly Today,
    EvidenceCatalogue Catalogue,
    IReadOnlyList<MembershipProgress> Memberships,
    IReadOnlyList<RequestField>? Requests,
    FormState Form,
    string? AntiforgeryField,
    string? AntiforgeryToken,
    IReadOnlyList<EvidenceItemView> History,
    IReadOnlyList<EvidenceItemView> ExpiresNext,
    SubmissionResult? Submitted);

/// <summary>A membership and the charter version it was assessed against (null if that version cannot be read).</summary>
public sealed record MembershipProgress(MembershipView Membership, CharterVersion? Version)
{
    public string Name => Version?.Definition.Name ?? Membership.CharterId;

    /// <summary>The requirements still missing up to and including the next tier, lowest tier first.</summary>
    public IReadOnlyList<Requirement> MissingForNext => Requirements(Membership.Missing, upToNext: true);

    public IReadOnlyList<Requirement> Met => Requirements(Membership.Met, upToNext: false);

    private IReadOnlyList<Requirement> Requirements(IReadOnlyList<string> ids, bool upToNext)
    {
        if (Version is not { } v)
        {
            return [];
        }

        var ceiling = upToNext && Membership.NextTier is { } next ? v.Definition.TierIndex(next) : int.MaxValue;
        return ids.Select(v.Definition.FindRequirement).OfType<Requirement>()
            .Where(r => v.Definition.TierIndex(r.Tier) <= ceiling)
            .OrderBy(r => v.Definition.TierIndex(r.Tier)).ToList();
    }
}

/// <summary>One requested kind (each kind once) and what it would count towards: "Greater Manchester Good Employment Charter (Member)".</summary>
public sealed record RequestField(EvidenceKind Kind, IReadOnlyList<string> CountsTowards)
{
    public string Name => EmployerPages.ValueField + Kind.Id;

    public string HtmlId => "evidence-" + Kind.Id.Replace('.', '-');
}

/// <summary>What was typed (kind → text) and the errors to show; a <see cref="FormError.Kind"/> of null is about the whole form.</summary>
public sealed record FormState(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FormError> Errors)
{
    public static readonly FormState Empty = new(new Dictionary<string, string>(), []);

    public string Value(string kind) => Values.GetValueOrDefault(kind) ?? "";

    public string? Error(string kind) => Errors.FirstOrDefault(e => e.Kind == kind)?.Message;
}

public sealed record FormError(string? Kind, string Message);

/// <summary>An accepted submission: how many facts were stored and the tiers that moved.</summary>
public sealed record SubmissionResult(int Accepted, IReadOnlyList<TierMoveText> Moves);

public sealed record TierMoveText(string CharterName, TierMove Move);

/// <summary>The officer's page: the charter, its members with their tiers and the evidence awaiting verification.</summary>
public sealed record CharterMembersModel(CharterVersion Version, EvidenceCatalogue Catalogue, IReadOnlyList<MemberRow> Members, bool ShowsEvidence);

/// <summary>A member, its name, and its self-declared items of kinds the charter's requirements read.</summary>
public sealed record MemberRow(CharterMember Member, string Name, IReadOnlyList<EvidenceItemView> AwaitingVerification);
