using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>Councils, regions, indicators, official data import and the Good Work index (api.md, Places).</summary>
internal static class PlacesApi
{
    private const string Csv = "text/csv; charset=utf-8";

    /// <summary>
    /// What is answered for each region indicator set, kept while the set lives. The region grain answers the same (immutable)
    /// instance until one of its inputs changes, and a grain on this silo hands it over by reference, so an England-size
    /// region's ~300 council sets are serialised once per change rather than per read; a set from another silo is a new
    /// instance (serialised once, then collected with it). The bytes are what <c>Results.Ok</c> would write.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegionIndicatorSet, RegionAnswer> RegionAnswers = new();

    /// <summary>
    /// A region's answer: its JSON, a weak ETag of it (a dashboard polling with <c>If-None-Match</c> gets 304 and no body while
    /// nothing changed) and, for a client that accepts gzip, the same JSON compressed once (an England-size answer is ~720 KiB
    /// of JSON, ~25 KiB compressed).
    /// </summary>
    private sealed class RegionAnswer(byte[] json)
    {
        private byte[]? gzip;

        public byte[] Json { get; } = json;

        public Microsoft.Net.Http.Headers.EntityTagHeaderValue ETag { get; } =
            new($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json).AsSpan(0, 16))}\"", isWeak: true);

        public byte[] Gzip => gzip ??= Compress(Json); // a race computes it twice, the same bytes

        private static byte[] Compress(byte[] bytes)
        {
            using var buffer = new MemoryStream();
            using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            return buffer.ToArray();
        }
    }

    private static IResult RegionJson(RegionIndicatorSet set, JsonSerializerOptions options, HttpContext http)
    {
        var answer = RegionAnswers.GetValue(set, s => new RegionAnswer(JsonSerializer.SerializeToUtf8Bytes(s, options)));
        var request = http.Request.GetTypedHeaders();
        var response = http.Response.GetTypedHeaders();
        response.ETag = answer.ETag;
        http.Response.Headers.Vary = "Accept-Encoding";
        if (request.IfNoneMatch.Any(tag => tag.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || tag.Compare(answer.ETag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        const string Json = "application/json; charset=utf-8";
        if (request.AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && e.Quality is not 0))
        {
            http.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(answer.Gzip, Json);
        }

        return Results.Bytes(answer.Json, Json);
    }

    public static RouteGroupBuilder MapPlacesApi(this RouteGroupBuilder v1)
    {
        var places = v1.MapGroup("").WithTags("Places");

        places.MapPut("/regions/{regionCode}", async (string regionCode, JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
                BadCode("regionCode", regionCode)
                ?? RequestBody.NotAnObject(body, "{name, localAuthorities}")
                ?? (await RegionOperatorRule.TakeAsync(CallerClaims.From(user)!, RequestBody.TextList(body, "localAuthorities"), grains))?.ToProblem()
                ?? (await grains.GetRegion(regionCode).DefineAsync(
                    new DefineRegion(RequestBody.Text(body, "name") ?? "", RequestBody.TextList(body, "localAuthorities")!))).ToResult())
            .RequireAuthorization(AccessPolicies.RegionSteward)
            .WithName("defineRegion")
            .WithSummary("Define a region: its name and the councils in it (all or nothing)")
            .Produces<RegionView>()
            .ProducesValidationProblem();

        places.MapGet("/regions/{regionCode}", async (string regionCode, IGrainFactory grains) =>
                BadCode("regionCode", regionCode) ?? (await grains.GetRegion(regionCode).GetAsync()).ToResult())
            .WithName("getRegion")
            .WithSummary("Get a region and its councils")
            .Produces<RegionView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapPut("/local-authorities/{gss}", async (string gss, JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
                BadCode("gss", gss)
                ?? RequestBody.NotAnObject(body, "{name, regionCode?}")
                ?? RegionOperatorRule.Move(CallerClaims.From(user)!, RequestBody.Text(body, "regionCode"))?.ToProblem()
                ?? (await grains.GetLocalAuthority(gss).DefineAsync(
                    new DefineLocalAuthority(RequestBody.Text(body, "name") ?? "", RequestBody.Text(body, "regionCode")))).ToResult())
            .RequireAuthorization(AccessPolicies.RegionSteward)
            .WithName("defineLocalAuthority")
            .WithSummary("Define a council: its name and the region it belongs to")
            .Produces<LocalAuthorityView>()
            .ProducesValidationProblem();

        places.MapGet("/local-authorities/{gss}", async (string gss, IGrainFactory grains) =>
                BadCode("gss", gss) ?? (await grains.GetLocalAuthority(gss).GetAsync()).ToResult())
            .WithName("getLocalAuthority")
            .WithSummary("Get a council")
            .Produces<LocalAuthorityView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapGet("/local-authorities/{gss}/indicators", async (string gss, int? year, IGrainFactory grains, PlatformClock time) =>
                BadCode("gss", gss) ?? BadYear(year)
                ?? (await grains.GetLocalAuthority(gss).GetIndicatorsAsync(YearOr(year, time))).ToResult())
            .WithName("getLocalAuthorityIndicators")
            .WithSummary("Get a council's good-work indicators for a year")
            .Produces<IndicatorSet>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapGet("/local-authorities/{gss}/indicators.csv", async (string gss, int? year, IGrainFactory grains, PlatformClock time) =>
                BadCode("gss", gss) ?? BadYear(year)
                ?? (await grains.GetLocalAuthority(gss).GetIndicatorsCsvAsync(YearOr(year, time))).ToResult(csv => Results.Text(csv, Csv)))
            .WithName("getLocalAuthorityIndicatorsCsv")
            .WithSummary("Get a council's good-work indicators for a year as CSV")
            .Produces<string>(contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapGet("/regions/{regionCode}/indicators", async (string regionCode, int? year, IGrainFactory grains, PlatformClock time,
                Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, HttpContext http) =>
                BadCode("regionCode", regionCode) ?? BadYear(year)
                ?? (await grains.GetRegion(regionCode).GetIndicatorsAsync(YearOr(year, time))).ToResult(set => RegionJson(set, json.Value.SerializerOptions, http)))
            .WithName("getRegionIndicators")
            .WithSummary("Get a region's good-work indicators for a year, with each council's")
            .WithDescription("Answers a weak ETag; If-None-Match with it answers 304 while nothing changed. Compressed (gzip) for a client that accepts it.")
            .Produces<RegionIndicatorSet>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapGet("/regions/{regionCode}/indicators.csv", async (string regionCode, int? year, IGrainFactory grains, PlatformClock time) =>
                BadCode("regionCode", regionCode) ?? BadYear(year)
                ?? (await grains.GetRegion(regionCode).GetIndicatorsCsvAsync(YearOr(year, time))).ToResult(csv => Results.Text(csv, Csv)))
            .WithName("getRegionIndicatorsCsv")
            .WithSummary("Get a region's good-work indicators for a year as CSV")
            .Produces<string>(contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        places.MapGet("/regions/{regionCode}/good-work-index", async (string regionCode, int? year, IGrainFactory grains, PlatformClock time) =>
                BadCode("regionCode", regionCode) ?? BadYear(year)
                ?? (await grains.GetRegion(regionCode).GetGoodWorkIndexAsync(YearOr(year, time))).ToResult())
            .WithName("getRegionGoodWorkIndex")
            .WithSummary("Get the Good Work index of a region's councils for a year")
            .Produces<IReadOnlyList<GoodWorkIndexEntry>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Yearly figures: the region's operator (or an admin) snapshots the current year's employer-derived figures of the
        // region and its councils on demand; the year-end snapshots are taken by the Places module's reminder.
        places.MapPost("/regions/{regionCode}/indicators/snapshots", async (string regionCode, IGrainFactory grains) =>
                BadCode("regionCode", regionCode)
                ?? (await grains.GetRegion(regionCode).TakeSnapshotAsync()).ToResult(r =>
                    Results.Created($"/api/v1/regions/{regionCode}/indicators?year={r.Year}", r)))
            .RequireAuthorization(AccessPolicies.RegionSteward)
            .WithName("takeRegionIndicatorSnapshot")
            .WithSummary("Snapshot the current year's employer-derived figures of a region and its councils (replaces an earlier on-demand one of the year)")
            .Produces<IndicatorSnapshotReceipt>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        places.MapGet("/regions/{regionCode}/indicators/snapshots", async (string regionCode, IGrainFactory grains) =>
                BadCode("regionCode", regionCode) ?? (await grains.GetRegion(regionCode).GetSnapshotsAsync()).ToResult())
            .WithName("listRegionIndicatorSnapshots")
            .WithSummary("The years whose employer-derived figures are kept for a region and each of its councils: year-end or on-demand, and when taken")
            .Produces<IndicatorSnapshots>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A region operator imports official data for its own region and councils only: a file naming another area is refused.
        places.MapPost("/official-indicators/import", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var csv = await RequestBody.TextAsync(request);
                var caller = CallerClaims.From(user)!;
                var within = caller.Role == Roles.RegionOperator ? caller.Scope.RegionCode : null;
                var report = await grains.GetOfficialIndicatorImport().ImportCsvAsync(csv!, within);
                if (report.OutsideScope is { Count: > 0 } outside)
                {
                    return new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                        $"A region operator of {within} imports figures for {within} and its councils only; this file also names " +
                        $"{string.Join(", ", outside.Take(20))}{(outside.Count > 20 ? $" and {outside.Count - 20} more" : "")}. Nothing was stored.").ToProblem();
                }

                return report.Rejected
                    ? Results.Problem(
                        $"{report.ErrorCount} error(s) found; nothing was stored. Fix every line listed and send the whole file again.",
                        title: "Official indicators file rejected",
                        statusCode: StatusCodes.Status400BadRequest,
                        type: "https://regionalgoodwork.example/problems/invalid-input",
                        extensions: new Dictionary<string, object?>
                        {
                            ["imported"] = report.Imported,
                            ["skipped"] = report.Skipped,
                            ["errors"] = report.Errors,
                            ["errorCount"] = report.ErrorCount,
                            ["skippedLines"] = report.SkippedLines,
                        })
                    : Results.Ok(report);
            })
            .RequireAuthorization(AccessPolicies.OfficialData)
            .Accepts<string>("text/csv")
            .WithName("importOfficialIndicators")
            .WithSummary("Import official ONS figures from an \"Explore local statistics\" CSV (all or nothing)")
            .Produces<ImportReport>()
            .ProducesValidationProblem();

        return v1;
    }

    private static IResult? BadCode(string field, string code) =>
        Ids.IsGssCode(code) ? null : ApiResults.Invalid(field, $"'{code}' is not an ONS GSS code (a letter and eight digits, e.g. E08000003).");

    private static IResult? BadYear(int? year) =>
        year is null or (>= 1900 and <= 2200) ? null : ApiResults.Invalid("year", "The year must be between 1900 and 2200.");

    private static int YearOr(int? year, PlatformClock time) => year ?? time.GetUtcNow().Year;
}
