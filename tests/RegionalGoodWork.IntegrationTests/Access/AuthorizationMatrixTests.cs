using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// The authorization matrix (issue 9, Tests): every <c>/api/v1</c> route the platform serves × every kind of caller — no key,
/// a wrong key, a revoked and an expired key, the admin, each role in and out of the fixture's scope — answers the status
/// class the table below expects (from ../shared/api.md and the README's "Access: keys and roles"), and every refused
/// write leaves no trace: the resources it could have touched read the same, their audit trails gained no write, and no
/// grain was stored. The answers are written to the test output as a table.
/// A route the platform serves without a row here fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixPlatform matrix, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixTests.MatrixPlatform>
{
    private const string Region = "E47900001";        // a region of the test's own, owning the fixture charter
    private const string Council = "E06900001";       // its one council, where both employers have a site
    private const string OtherRegion = "E47000001";   // Greater Manchester (shipped)
    private const string Charter = "matrix-charter";  // owned by Region, published, the employer an active member
    private const string OtherCharter = "gm-gec";     // shipped, owned by OtherRegion; the employer is no member
    private const string SpareCharter = "london-gws"; // shipped; joined and left by the membership rows (nobody's officer)
    private const string Employer = "matrix-employer";
    private const string OtherEmployer = "matrix-other";
    private const string Partner = "living-wage-register";
    private const string OtherPartner = "companies-house";
    private const string Kind = "conditions.matrix-probe";
    private const int ImportYear = 2031;

    /// <summary>Who calls.</summary>
    public enum Who
    {
        NoKey,
        WrongKey,
        RevokedKey,
        ExpiredKey,
        Admin,
        RegionOperator,
        OtherRegionOperator,
        CharterOfficer,
        OtherCharterOfficer,
        OwnEmployer,
        OtherEmployerKey,
        PartnerKey,
        OtherPartnerKey,
    }

    private enum Outcome
    {
        Allowed,
        Unauthorized,
        Forbidden,
    }

    private static readonly Who[] Unknown = [Who.NoKey, Who.WrongKey, Who.RevokedKey, Who.ExpiredKey];

    /// <summary>
    /// One request per route. <c>Allowed</c> lists who, besides the admin, may use a protected route; every other keyed caller is
    /// refused 403, and no key, a wrong, revoked or expired one 401. A public route is allowed for everyone, whatever key is sent.
    /// </summary>
    private sealed record Row(string Method, string Pattern, string Path, bool Public, Who[] Allowed, Func<HttpContent?>? Body = null, bool NeedsIdempotencyKey = false)
    {
        public bool IsWrite => Method is not "GET";

        public Outcome Expected(Who who) =>
            Public || who == Who.Admin || Allowed.Contains(who) ? Outcome.Allowed
            : Unknown.Contains(who) ? Outcome.Unauthorized
            : Outcome.Forbidden;

        public override string ToString() => $"{Method} {Pattern}";
    }

    private static Row Open(string method, string pattern, string path, Func<HttpContent?>? body = null) => new(method, pattern, path, true, [], body);

    private static Row Guarded(string method, string pattern, string path, Who[] allowed, Func<HttpContent?>? body = null, bool idempotencyKey = false) =>
        new(method, pattern, path, false, allowed, body, idempotencyKey);

    private static Func<HttpContent?> Json(string json) => () => KeyedRequests.Json(json);

    /// <summary>The table. Rows that change state run their refused callers first, then their allowed ones.</summary>
    private static readonly Row[] Rows =
    [
        // Taxonomy: reads public, a kind's definition the admin's.
        Open("GET", "/api/v1/principles", "/api/v1/principles"),
        Open("GET", "/api/v1/evidence-kinds", "/api/v1/evidence-kinds"),
        Open("GET", "/api/v1/evidence-kinds/{kindId}", "/api/v1/evidence-kinds/pay.rlw-accredited"),
        Guarded("PUT", "/api/v1/evidence-kinds/{kindId}", $"/api/v1/evidence-kinds/{Kind}", [], Json(KindDefinition)),
        Open("GET", "/api/v1/wage-rates", "/api/v1/wage-rates"),
        Guarded("POST", "/api/v1/wage-rates", "/api/v1/wage-rates", [],
            Json("""{"scheme":"real-living-wage","announcedOn":"2098-10-01","rates":{"uk":20.00,"london":22.00}}""")),

        // Charters: published ones public; drafts and publishing the charter's stewards' (its officers, its owner region's operator).
        Guarded("PUT", "/api/v1/charters/{charterId}/draft", $"/api/v1/charters/{Charter}/draft", [Who.RegionOperator, Who.CharterOfficer],
            Json(CharterDefinition("Matrix Charter, revised"))),
        Guarded("GET", "/api/v1/charters/{charterId}/draft", $"/api/v1/charters/{Charter}/draft", [Who.RegionOperator, Who.CharterOfficer]),
        Guarded("POST", "/api/v1/charters/{charterId}/draft/impact", $"/api/v1/charters/{Charter}/draft/impact", [Who.RegionOperator, Who.CharterOfficer], Json("{}")),
        Guarded("POST", "/api/v1/charters/{charterId}/publish", $"/api/v1/charters/{Charter}/publish", [Who.RegionOperator, Who.CharterOfficer], Json("{}")),
        Open("GET", "/api/v1/charters/", "/api/v1/charters"),
        Open("GET", "/api/v1/charters/{charterId}", $"/api/v1/charters/{Charter}"),
        Open("GET", "/api/v1/charters/{charterId}/versions/{version:int}", $"/api/v1/charters/{Charter}/versions/1"),
        Guarded("PUT", "/api/v1/charters/{charterId}/versions/{version:int}", $"/api/v1/charters/{Charter}/versions/1", [], Json(CharterDefinition("Rewritten"))),
        Guarded("DELETE", "/api/v1/charters/{charterId}/versions/{version:int}", $"/api/v1/charters/{Charter}/versions/1", []),
        Open("GET", "/api/v1/charters/{charterId}/members", $"/api/v1/charters/{Charter}/members"),
        Open("POST", "/api/v1/charters/{charterId}/assess", $"/api/v1/charters/{Charter}/assess", Json("""{"evidence":{"pay.rlw-accredited":true}}""")),
        Open("GET", "/api/v1/alignment", $"/api/v1/alignment?charters={Charter},{OtherCharter}"),
        // Officer review: the applications and their decision the charter's stewards' (409 here: the fixture charter is not under review).
        Guarded("GET", "/api/v1/charters/{charterId}/applications/", $"/api/v1/charters/{Charter}/applications", [Who.RegionOperator, Who.CharterOfficer]),
        Guarded("POST", "/api/v1/charters/{charterId}/applications/{employerId}/decision", $"/api/v1/charters/{Charter}/applications/{Employer}/decision",
            [Who.RegionOperator, Who.CharterOfficer], Json("""{"decision":"approved","note":"matrix"}""")),
        Guarded("POST", "/api/v1/charters/{charterId}/members/{employerId}/sample", $"/api/v1/charters/{Charter}/members/{Employer}/sample?size=2",
            [Who.RegionOperator, Who.CharterOfficer]),

        // Places: reads public; a region and its councils its operator's; official figures an operator's for its own areas.
        Guarded("PUT", "/api/v1/regions/{regionCode}", $"/api/v1/regions/{Region}", [Who.RegionOperator], Json(RegionDefinition)),
        Open("GET", "/api/v1/regions/{regionCode}", $"/api/v1/regions/{Region}"),
        Guarded("PUT", "/api/v1/local-authorities/{gss}", $"/api/v1/local-authorities/{Council}", [Who.RegionOperator], Json(CouncilDefinition)),
        Open("GET", "/api/v1/local-authorities/{gss}", $"/api/v1/local-authorities/{Council}"),
        Open("GET", "/api/v1/local-authorities/{gss}/indicators", $"/api/v1/local-authorities/{Council}/indicators?year={ImportYear}"),
        Open("GET", "/api/v1/local-authorities/{gss}/indicators.csv", $"/api/v1/local-authorities/{Council}/indicators.csv?year={ImportYear}"),
        Open("GET", "/api/v1/regions/{regionCode}/indicators", $"/api/v1/regions/{Region}/indicators?year={ImportYear}"),
        Open("GET", "/api/v1/regions/{regionCode}/indicators.csv", $"/api/v1/regions/{Region}/indicators.csv?year={ImportYear}"),
        Open("GET", "/api/v1/regions/{regionCode}/good-work-index", $"/api/v1/regions/{Region}/good-work-index?year={ImportYear}"),
        Guarded("POST", "/api/v1/regions/{regionCode}/indicators/snapshots", $"/api/v1/regions/{Region}/indicators/snapshots", [Who.RegionOperator]),
        Open("GET", "/api/v1/regions/{regionCode}/indicators/snapshots", $"/api/v1/regions/{Region}/indicators/snapshots"),
        Guarded("POST", "/api/v1/official-indicators/import", "/api/v1/official-indicators/import", [Who.RegionOperator],
            () => new StringContent(
                "areacd,areanm,geography,indicator,period,observation,status\r\n" +
                $"{Council},Matrix Council,Local Authority District,Employment rate,{ImportYear}-01-01/P1Y,61.5,\r\n", Encoding.UTF8, "text/csv")),

        // Employers: the locker its own key's (and the admin's); reading it and adding evidence also an officer of a charter
        // it is an active member of; evidence requests and the next-tier plan the locker's only.
        Guarded("PUT", "/api/v1/employers/{employerId}/", $"/api/v1/employers/{Employer}", [Who.OwnEmployer], Json(Profile("Matrix Employer Ltd"))),
        Guarded("GET", "/api/v1/employers/{employerId}/", $"/api/v1/employers/{Employer}", [Who.OwnEmployer, Who.CharterOfficer]),
        Guarded("POST", "/api/v1/employers/{employerId}/evidence", $"/api/v1/employers/{Employer}/evidence", [Who.OwnEmployer, Who.CharterOfficer],
            Json("""{"items":[{"kind":"pay.rlw-accredited","value":true}]}""")),
        Guarded("GET", "/api/v1/employers/{employerId}/evidence", $"/api/v1/employers/{Employer}/evidence?history=true", [Who.OwnEmployer, Who.CharterOfficer]),
        // Verifying an item (officer review): an officer of a charter it is a member of (a second verification of ev-1 answers 409).
        Guarded("POST", "/api/v1/employers/{employerId}/evidence/{itemId}/verify", $"/api/v1/employers/{Employer}/evidence/ev-1/verify", [Who.CharterOfficer]),
        Guarded("POST", "/api/v1/employers/{employerId}/memberships", $"/api/v1/employers/{Employer}/memberships", [Who.OwnEmployer],
            Json($$"""{"charterId":"{{SpareCharter}}"}""")),
        Guarded("GET", "/api/v1/employers/{employerId}/memberships", $"/api/v1/employers/{Employer}/memberships", [Who.OwnEmployer, Who.CharterOfficer]),
        Guarded("GET", "/api/v1/employers/{employerId}/memberships/{charterId}", $"/api/v1/employers/{Employer}/memberships/{Charter}",
            [Who.OwnEmployer, Who.CharterOfficer]),
        Guarded("DELETE", "/api/v1/employers/{employerId}/memberships/{charterId}", $"/api/v1/employers/{Employer}/memberships/{SpareCharter}", [Who.OwnEmployer]),
        Guarded("GET", "/api/v1/employers/{employerId}/evidence-requests", $"/api/v1/employers/{Employer}/evidence-requests", [Who.OwnEmployer]),
        Guarded("GET", "/api/v1/employers/{employerId}/next-tier-plan", $"/api/v1/employers/{Employer}/next-tier-plan", [Who.OwnEmployer]),
        Guarded("GET", "/api/v1/employers/{employerId}/calendar", $"/api/v1/employers/{Employer}/calendar", [Who.OwnEmployer, Who.CharterOfficer]),
        Guarded("GET", "/api/v1/employers/{employerId}/calendar.ics", $"/api/v1/employers/{Employer}/calendar.ics", [Who.OwnEmployer, Who.CharterOfficer]),
        Guarded("POST", "/api/v1/employers/{employerId}/calendar/feed", $"/api/v1/employers/{Employer}/calendar/feed", [Who.OwnEmployer]),
        Guarded("DELETE", "/api/v1/employers/{employerId}/calendar/feed", $"/api/v1/employers/{Employer}/calendar/feed", [Who.OwnEmployer]),
        Open("GET", "/api/v1/calendar-feeds/{employerId}/{secret}.ics", $"/api/v1/calendar-feeds/{Employer}/not-the-secret.ics"),
        Guarded("GET", "/api/v1/employers/{employerId}/contracts", $"/api/v1/employers/{Employer}/contracts", [Who.OwnEmployer, Who.CharterOfficer]),

        // The employer import: an admin's and any region operator's — the operator's rows outside its region are rejected one by
        // one in a 200 summary (another region's operator gets every row rejected), never a 403, since the file is streamed.
        Guarded("POST", "/api/v1/employers/import", "/api/v1/employers/import", [Who.RegionOperator, Who.OtherRegionOperator],
            () => new StringContent(
                "employer_id,name,company_number,local_authority,headcount,pay.rlw-accredited\r\n" +
                $"matrix-imported,Matrix Imported Ltd,,{Council},3,true\r\n", Encoding.UTF8, "text/csv")),

        // Partners: a partner pushes as itself (Idempotency-Key required, else 400).
        Guarded("POST", "/api/v1/partners/{partnerId}/evidence", $"/api/v1/partners/{Partner}/evidence", [Who.PartnerKey],
            Json($$"""{"items":[{"employerId":"{{Employer}}","kind":"pay.rlw-accredited","value":true}]}"""), idempotencyKey: true),

        // Access: keys the admin's; /me any known key; an employer's trail its own, its charters' officers' and its regions'
        // operators'; a sign-in link for the employer made by someone entitled to invite it; the flags public.
        Guarded("POST", "/api/v1/keys", "/api/v1/keys", [], Json($$$"""{"name":"issued by the matrix","role":"employer","scope":{"employerId":"{{{OtherEmployer}}}"}}""")),
        Guarded("GET", "/api/v1/keys", "/api/v1/keys", []),
        Guarded("DELETE", "/api/v1/keys/{id}", "/api/v1/keys/{victim}", []),
        Guarded("GET", "/api/v1/audit", $"/api/v1/audit?resource=/api/v1/employers/{Employer}", [Who.OwnEmployer, Who.CharterOfficer, Who.RegionOperator]),
        Guarded("POST", "/api/v1/sign-in-links", "/api/v1/sign-in-links", [Who.RegionOperator, Who.CharterOfficer, Who.OwnEmployer],
            Json($$$"""{"name":"A colleague","role":"employer","scope":{"employerId":"{{{Employer}}}"}}""")),
        Guarded("GET", "/api/v1/sign-in-links/{id}", "/api/v1/sign-in-links/{invitation}", [Who.RegionOperator, Who.CharterOfficer, Who.OwnEmployer]),
        Guarded("DELETE", "/api/v1/sign-in-links/{id}", "/api/v1/sign-in-links/{invitation}", [Who.RegionOperator, Who.CharterOfficer, Who.OwnEmployer]),
        // Connectors: a sync is the admin's to start (409 here: the connector is not switched on in this platform); status and
        // runs any region operator's to read.
        Guarded("POST", "/api/v1/connectors/{connectorId}/sync", "/api/v1/connectors/living-wage-register/sync", []),
        Guarded("GET", "/api/v1/connectors/{connectorId}/", "/api/v1/connectors/living-wage-register", [Who.RegionOperator, Who.OtherRegionOperator]),
        Guarded("GET", "/api/v1/connectors/{connectorId}/runs", "/api/v1/connectors/living-wage-register/runs", [Who.RegionOperator, Who.OtherRegionOperator]),
        // A region's employers flagged by the companies-house connector: its operator's (and the admin's).
        Guarded("GET", "/api/v1/regions/{regionCode}/flagged-employers", $"/api/v1/regions/{Region}/flagged-employers", [Who.RegionOperator]),
        // Webhooks: subscribing and reading deliveries the admin's alone (a webhook sees every event of its types platform-wide).
        // The subscription names a receiver nobody runs and an event the matrix never raises; the deliveries row reads a webhook
        // that does not exist (404 to the admin).
        Guarded("POST", "/api/v1/webhooks/", "/api/v1/webhooks", [], Json("""{"url":"http://127.0.0.1:9/matrix-hook","events":["evidence.expired"]}""")),
        Guarded("GET", "/api/v1/webhooks/{id}/deliveries", "/api/v1/webhooks/00000000000000000000000000000000/deliveries", []),
        Guarded("GET", "/api/v1/me", "/api/v1/me",
            [Who.RegionOperator, Who.OtherRegionOperator, Who.CharterOfficer, Who.OtherCharterOfficer, Who.OwnEmployer, Who.OtherEmployerKey, Who.PartnerKey, Who.OtherPartnerKey]),
        Open("GET", "/api/v1/features", "/api/v1/features"),
    ];

    [Fact]
    public void EveryApiRoute_OfTheRunningPlatform_HasAMatrixRow()
    {
        var served = matrix.Platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);
        var rows = Rows.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);

        var withoutRow = served.Except(rows).Order(StringComparer.Ordinal).ToList();
        var notServed = rows.Except(served).Order(StringComparer.Ordinal).ToList();

        Assert.True(withoutRow.Count == 0 && notServed.Count == 0,
            $"Routes served without a matrix row: [{string.Join(", ", withoutRow)}]; rows for routes not served: [{string.Join(", ", notServed)}]");
    }

    [Fact]
    public async Task EveryRoute_AsEveryCaller_AnswersAsTheTableSays_AndARefusedWriteLeavesNoTrace()
    {
        var platform = matrix.Platform;
        var mismatches = new List<string>();
        var calls = 0;

        output.WriteLine($"route | {string.Join(" | ", Enum.GetValues<Who>())}");
        foreach (var row in Rows)
        {
            var answers = new Dictionary<Who, int>();

            // The refused callers first, while the resource is as the fixture left it; then the allowed ones.
            var callers = Enum.GetValues<Who>().OrderBy(w => row.Expected(w) == Outcome.Allowed).ToList();
            var before = row.IsWrite ? await matrix.SnapshotAsync() : null;
            var baseline = before;
            var succeeded = false;
            foreach (var who in callers)
            {
                var expected = row.Expected(who);
                using var response = await platform.SendAsync(new HttpMethod(row.Method), row.Path.Replace("{victim}", matrix.VictimKeyId, StringComparison.Ordinal)
                        .Replace("{invitation}", matrix.VictimInvitationId, StringComparison.Ordinal),
                    matrix.KeyOf(who), row.Body?.Invoke(), row.NeedsIdempotencyKey ? Guid.NewGuid().ToString() : null);
                calls++;
                succeeded |= response.IsSuccessStatusCode;
                answers[who] = (int)response.StatusCode;
                var actual = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => Outcome.Unauthorized,
                    HttpStatusCode.Forbidden => Outcome.Forbidden,
                    _ => Outcome.Allowed,
                };
                if (actual != expected)
                {
                    var detail = await response.Content.ReadAsStringAsync();
                    mismatches.Add($"{row} as {who}: expected {expected}, got {(int)response.StatusCode} {Excerpt(detail)}");
                }

                if (before is not null && actual != Outcome.Allowed)
                {
                    var after = await matrix.SnapshotAsync();
                    var changed = before.Where(f => after[f.Key] != f.Value).Select(f => $"{f.Key}: {Excerpt(f.Value)} → {Excerpt(after[f.Key])}").ToList();
                    if (changed.Count > 0)
                    {
                        mismatches.Add($"{row} as {who}: refused ({(int)response.StatusCode}) but left a trace: {string.Join("; ", changed)}");
                        before = after;
                    }
                }
            }

            output.WriteLine($"{row} | {string.Join(" | ", Enum.GetValues<Who>().Select(w => answers[w]))}");

            // The snapshot must see what the row's writes touch, or "left no trace" would prove nothing: a write that succeeded shows
            // (in its audit trail at least). The public what-if creates nothing.
            if (baseline is not null && !row.Public && succeeded && (await matrix.SnapshotAsync()).All(f => baseline[f.Key] == f.Value))
            {
                mismatches.Add($"{row}: a write succeeded but the snapshot did not change: it does not watch what this route writes");
            }
        }

        Assert.Equal(Rows.Length * Enum.GetValues<Who>().Length, calls);
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {calls} calls ({Rows.Length} routes × {Enum.GetValues<Who>().Length} callers) disagree with the table:\n" +
            string.Join("\n", mismatches));
    }

    private static string Excerpt(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static string CharterDefinition(string name) => $$$"""
        {"name":"{{{name}}}","owner":"{{{Region}}}","tiers":["member"],"requirements":[
          {"id":"rlw","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
        """;

    private static string Profile(string name) => $$"""{"name":"{{name}}","sites":[{"localAuthority":"{{Council}}","headcount":40}]}""";

    private const string KindDefinition = """
        {"principle":"fair-conditions","type":"percent","unit":"%","validityMonths":12,"verifiers":[],"description":"A probe kind the matrix defines."}
        """;

    private const string RegionDefinition = $$"""{"name":"Matrix Region","localAuthorities":["{{Council}}"]}""";

    private const string CouncilDefinition = $$"""{"name":"Matrix Council","regionCode":"{{Region}}"}""";

    /// <summary>
    /// A platform of the test's own (the matrix moves the business clock to expire a key, and changes what it may): the fixture
    /// region, council, charter and employers, and a key for every caller. The rate limiter is raised out of the way.
    /// </summary>
    public sealed class MatrixPlatform : IAsyncLifetime
    {
        private readonly Dictionary<Who, string?> keys = [];

        public PlatformApp Platform { get; private set; } = null!;

        /// <summary>The key the DELETE /keys/{id} row revokes (no caller uses it).</summary>
        public string VictimKeyId { get; private set; } = null!;

        /// <summary>The invitation (for the fixture employer) the sign-in-link rows show and revoke.</summary>
        public string VictimInvitationId { get; private set; } = null!;

        public string? KeyOf(Who who) => keys[who];

        /// <summary>The employer's own key: its own looks at its locker are not audited, so the snapshot adds nothing to its trail.</summary>
        private string Own => keys[Who.OwnEmployer]!;

        public async Task InitializeAsync()
        {
            Platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
            {
                ["Modules:Charters:SeedDemo"] = "true",
                ["Api:RateLimit:KeyPermits"] = "1000000",
                ["Api:RateLimit:AdminPermits"] = "1000000",
                ["Api:RateLimit:AnonymousPermits"] = "1000000",
            });

            await Platform.AdminAsync(HttpMethod.Put, $"/api/v1/local-authorities/{Council}", """{"name":"Matrix Council"}""");
            await Platform.AdminAsync(HttpMethod.Put, $"/api/v1/regions/{Region}", RegionDefinition);
            await Platform.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{Charter}/draft", CharterDefinition("Matrix Charter"));
            await Platform.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{Charter}/publish", "{}");
            await Platform.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{Employer}", Profile("Matrix Employer Ltd"));
            await Platform.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{OtherEmployer}", Profile("Matrix Other Ltd"));
            await Platform.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{Employer}/memberships", $$"""{"charterId":"{{Charter}}"}""");

            keys[Who.NoKey] = null;
            keys[Who.WrongKey] = $"rgw_0123456789abcdef_{new string('x', 43)}"; // well formed, never issued
            keys[Who.Admin] = PlatformApp.AdminKey;
            keys[Who.RegionOperator] = await Platform.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{Region}}"}""");
            keys[Who.OtherRegionOperator] = await Platform.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{OtherRegion}}"}""");
            keys[Who.CharterOfficer] = await Platform.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{Charter}}"]}""");
            keys[Who.OtherCharterOfficer] = await Platform.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{OtherCharter}}"]}""");
            keys[Who.OwnEmployer] = await Platform.IssueKeyAsync("employer", $$"""{"employerId":"{{Employer}}"}""");
            keys[Who.OtherEmployerKey] = await Platform.IssueKeyAsync("employer", $$"""{"employerId":"{{OtherEmployer}}"}""");
            keys[Who.PartnerKey] = await Platform.IssueKeyAsync("partner", $$"""{"partnerId":"{{Partner}}"}""");
            keys[Who.OtherPartnerKey] = await Platform.IssueKeyAsync("partner", $$"""{"partnerId":"{{OtherPartner}}"}""");
            VictimKeyId = (await Platform.IssueKeyWithIdAsync("employer", $$"""{"employerId":"{{OtherEmployer}}"}""")).Id;
            using (var invited = await Platform.SendAsync(HttpMethod.Post, "/api/v1/sign-in-links", PlatformApp.AdminKey,
                $$$"""{"name":"Invited","role":"employer","scope":{"employerId":"{{{Employer}}}"}}"""))
            {
                Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
                VictimInvitationId = invited.Headers.Location!.ToString().Split('/')[^1];
            }

            // Admin keys, so that only their revocation and expiry stand between them and every route.
            var (revokedId, revoked) = await Platform.IssueKeyWithIdAsync("admin");
            Assert.Equal(HttpStatusCode.OK, await Platform.StatusAsync(HttpMethod.Get, "/api/v1/me", revoked));
            Assert.Equal(HttpStatusCode.NoContent, await Platform.StatusAsync(HttpMethod.Delete, $"/api/v1/keys/{revokedId}", PlatformApp.AdminKey));
            keys[Who.RevokedKey] = revoked;

            // ApiKeyGrain.VerifyAsync refuses a key whose ExpiresAt <= the platform clock's now.
            var (_, expiring) = await Platform.IssueKeyWithIdAsync("admin", "{}", Platform.Clock.GetUtcNow().AddMinutes(1));
            Assert.Equal(HttpStatusCode.OK, await Platform.StatusAsync(HttpMethod.Get, "/api/v1/me", expiring));
            Platform.Clock.Advance(TimeSpan.FromMinutes(2));
            keys[Who.ExpiredKey] = expiring;
        }

        public async Task DisposeAsync() => await Platform.DisposeAsync();

        /// <summary>
        /// What a refused write could have changed, as the admin (the employer's locker as the employer) reads it: its profile, evidence and memberships, the
        /// charter's draft and versions, the region, the council and its official figures, the kind, the keys, and the number
        /// of writes in each of those resources' audit trails, and how many grains of each type are stored.
        /// </summary>
        public async Task<Dictionary<string, string>> SnapshotAsync()
        {
            var facts = new (string Name, Func<Task<string>> Read)[]
            {
                ("employer profile", () => ReadAsync($"/api/v1/employers/{Employer}", Own, p => $"{p.GetProperty("name")} {p.GetProperty("sites")}")),
                ("employer evidence", () => ReadAsync($"/api/v1/employers/{Employer}/evidence?history=true", Own,
                    e => string.Join(",", e.EnumerateArray().Select(i => i.GetProperty("id").GetString())))),
                ("employer memberships", () => ReadAsync($"/api/v1/employers/{Employer}/memberships", Own,
                    m => string.Join(",", m.EnumerateArray().Select(i => $"{i.GetProperty("charterId")}:{i.GetProperty("status")}")))),
                ("charter draft", () => ReadAsync($"/api/v1/charters/{Charter}/draft", d => d.GetRawText())),
                ("charter versions", () => ReadAsync($"/api/v1/charters/{Charter}", c => c.GetProperty("versions").GetRawText())),
                ("region", () => ReadAsync($"/api/v1/regions/{Region}", r => r.GetRawText())),
                ("region snapshots", () => ReadAsync($"/api/v1/regions/{Region}/indicators/snapshots", r => r.GetRawText())),
                ("council", () => ReadAsync($"/api/v1/local-authorities/{Council}", c => c.GetRawText())),
                ("council official figures", () => ReadAsync($"/api/v1/local-authorities/{Council}/indicators?year={ImportYear}",
                    s => string.Join(",", s.GetProperty("indicators").EnumerateArray()
                        .Where(i => i.GetProperty("id").GetString() is "employment-rate" or "median-weekly-pay").Select(i => i.GetRawText())))),
                ("evidence kind", () => ReadAsync($"/api/v1/evidence-kinds/{Kind}", k => k.GetRawText())),
                ("wage rates", () => ReadAsync("/api/v1/wage-rates", w => w.GetRawText())),
                ("invitation", () => ReadAsync($"/api/v1/sign-in-links/{VictimInvitationId}", i => $"{i.GetProperty("revokedAt")}")),
                ("keys", () => ReadAsync("/api/v1/keys",
                    k => string.Join(",", k.EnumerateArray().Select(i => $"{i.GetProperty("id")}:{i.GetProperty("revokedAt")}")))),
                ("stored grains by type", StoredGrainsAsync),
            };
            var trails = new[]
            {
                $"/api/v1/employers/{Employer}", $"/api/v1/charters/{Charter}", $"/api/v1/regions/{Region}", $"/api/v1/local-authorities/{Council}",
                "/api/v1/official-indicators/import", "/api/v1/employers/import", $"/api/v1/evidence-kinds/{Kind}", "/api/v1/wage-rates", "/api/v1/keys", $"/api/v1/keys/{VictimKeyId}",
                "/api/v1/sign-in-links", $"/api/v1/sign-in-links/{VictimInvitationId}", $"/api/v1/partners/{Partner}", $"/api/v1/partners/{OtherPartner}",
            };

            var read = await Task.WhenAll(facts.Select(async f => (f.Name, Value: await f.Read()))
                .Concat(trails.Select(async t => (Name: $"audit trail {t}", Value: $"{(await Platform.AuditTrailAsync(t)).Count(e => e.GetProperty("kind").GetString() == "write")} writes"))));
            return read.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        }

        /// <summary>
        /// How many grains of each type the platform's database holds: a refused request creates none (a sign-in link, say,
        /// which no route lists, shows here and in its own trail only). Views written behind — a charter's member index and
        /// fan-out, councils, regions, the places directory — are stored a while after the write that changed them, so they
        /// are left out (the council and region definitions are read above).
        /// </summary>
        private async Task<string> StoredGrainsAsync()
        {
            await using var connection = new NpgsqlConnection(Platform.Database!.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                SELECT grain_type, count(*) FROM rgw_grain_state
                WHERE payload IS NOT NULL
                  AND grain_type NOT IN ('charter-members', 'charter-fan-out', 'local-authority', 'region', 'places-directory')
                GROUP BY grain_type ORDER BY grain_type
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var counts = new List<string>();
            while (await reader.ReadAsync())
            {
                counts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
            }

            return string.Join(",", counts);
        }

        private Task<string> ReadAsync(string path, Func<JsonElement, string> fact) => ReadAsync(path, PlatformApp.AdminKey, fact);

        private async Task<string> ReadAsync(string path, string key, Func<JsonElement, string> fact)
        {
            using var response = await Platform.SendAsync(HttpMethod.Get, path, key);
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode}";
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return fact(document.RootElement);
        }
    }
}
