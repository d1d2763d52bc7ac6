using System.Globalization;
using System.Text.Json;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// <c>POST /charters/{id}/publish</c>'s optional body <c>{effectiveFrom?, gracePeriodDays?}</c> (api.md): no body, or
/// neither field, publishes at once as before. The grace period is honoured only while
/// <see cref="FeatureFlags.VersionGracePeriod"/> is on for the charter's owner region (targeting group
/// <c>region:&lt;owner&gt;</c>, whoever publishes); off, the version is stored with no grace (its members move on its date).
/// </summary>
internal static class CharterPublishing
{
    /// <summary>The request read: null fields mean "publish at once"; a problem when the body is malformed.</summary>
    public sealed record Request(DateOnly? EffectiveFrom, int? GracePeriodDays);

    public static async Task<(Request? Request, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var text = await RequestBody.TextAsync(request, 4096);
        if (text is null)
        {
            return (null, ApiResults.Invalid("$", "The body must be a small JSON object {effectiveFrom?, gracePeriodDays?}."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (new Request(null, null), null);
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, ApiResults.Invalid("$", "The body must be a JSON object {effectiveFrom?, gracePeriodDays?}."));
        }

        if (RequestBody.NotAnObject(body, "{effectiveFrom?, gracePeriodDays?}") is { } notAnObject)
        {
            return (null, notAnObject);
        }

        var errors = new ValidationErrors();
        DateOnly? effectiveFrom = null;
        if (RequestBody.Text(body, "effectiveFrom") is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                effectiveFrom = parsed;
            }
            else
            {
                errors.Add("effectiveFrom", $"'{date}' is not an ISO date such as 2026-09-01.");
            }
        }

        int? grace = null;
        if (body.TryGetProperty("gracePeriodDays", out var days) && days.ValueKind != JsonValueKind.Null)
        {
            if (days.ValueKind == JsonValueKind.Number && days.TryGetInt32(out var whole))
            {
                grace = whole;
            }
            else
            {
                errors.Add("gracePeriodDays", "A whole number of days.");
            }
        }

        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("effectiveFrom" or "gracePeriodDays")))
        {
            errors.Add(property.Name, $"Unknown field '{property.Name}'; known here: effectiveFrom, gracePeriodDays.");
        }

        return errors.Any ? (null, Problem.Invalid(errors).ToProblem()) : (new Request(effectiveFrom, grace), null);
    }

    /// <summary>Publishes as asked: at once without a date or grace, otherwise from the date (today when only a grace is given).</summary>
    public static async Task<Outcome<CharterVersion>> PublishAsync(string charterId, Request request, IGrainFactory grains, IFeatureManager features,
        PlatformClock clock)
    {
        var charter = grains.GetCharter(charterId);
        if (request is { EffectiveFrom: null, GracePeriodDays: null })
        {
            return await charter.PublishAsync();
        }

        var grace = request.GracePeriodDays ?? 0;
        if (grace != 0 && !await GraceHonouredAsync(charter, features))
        {
            grace = 0;
        }

        return await charter.PublishScheduledAsync(request.EffectiveFrom ?? clock.Today, grace);
    }

    /// <summary>The answer's body: the version's number, the date it is in force from and the date its members move.</summary>
    public static object Answer(CharterVersion version) => new
    {
        charterId = version.CharterId,
        version = version.Version,
        effectiveFrom = version.InForceFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        gracePeriodDays = version.GracePeriodDays,
        membersMoveOn = version.MembersMoveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>Whether the flag is on for the owner region of the version being published (the draft's owner).</summary>
    private static async Task<bool> GraceHonouredAsync(ICharterGrain charter, IFeatureManager features)
    {
        var owner = (await charter.GetDraftAsync())?.Owner ?? (await charter.GetLatestAsync())?.Definition.Owner;
        var context = new TargetingContext { Groups = owner is null ? [] : [$"region:{owner}"] };
        return await features.IsEnabledAsync(FeatureFlags.VersionGracePeriod, context);
    }
}
