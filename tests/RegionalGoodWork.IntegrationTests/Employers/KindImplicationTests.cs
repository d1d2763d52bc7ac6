using System.Net;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Shared;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// Kind implications (the taxonomy's <c>implies</c>): a requirement on one kind met by evidence of another that implies
/// it, in the employer's own assessment and evidence requests; not applied when the implication's condition fails; served
/// on the kind; and related requirements of Greater Manchester and London in one alignment cluster.
/// </summary>
[Collection(Collections.Employers)]
public sealed class KindImplicationTests(EmployersApp app)
{
    private const string InternsPaid = """{"kind":"pay.interns-paid-rlw","op":"eq","value":true}""";
    private const string AboveStatutorySickPay = """{"kind":"pay.sick-pay-above-statutory","op":"eq","value":true}""";

    [Fact]
    public async Task EmployerWithOnlyAccreditation_MeetsAllStaffPaidTheRealLivingWage_AndIsNotAskedForTheShare()
    {
        var charter = await app.CharterAsync(["member", "leader"],
            [("all-paid", "member", Rules.AllStaffPaidRlw), ("all-paid-and-interns", "leader", $$"""{"allOf":[{{Rules.AllStaffPaidRlw}},{{InternsPaid}}]}""")]);
        var accredited = await app.EmployerAsync();
        var refused = await app.EmployerAsync();
        await app.JoinAsync(accredited, charter);
        await app.JoinAsync(refused, charter);

        var (status, _) = await app.SubmitAsync(accredited, """[{"kind":"pay.rlw-accredited","value":true}]""");
        await app.SubmitAsync(refused, """[{"kind":"pay.rlw-accredited","value":false}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        var membership = await app.MembershipAsync(accredited, charter);
        Assert.Equal("member", Tier(membership));
        var item = (await app.GetAsync($"/api/v1/employers/{accredited}/evidence")).EnumerateArray().Single().GetProperty("id").GetString();
        Assert.Equal([item], membership.GetProperty("evidence").GetProperty("all-paid").EnumerateArray().Select(e => e.GetString()));
        // For the next tier only the interns are asked for: the share is implied by the accreditation.
        var asked = (await app.GetAsync($"/api/v1/employers/{accredited}/evidence-requests")).EnumerateArray()
            .Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["pay.interns-paid-rlw"], asked);
        // Accreditation refused implies nothing.
        Assert.Null(Tier(await app.MembershipAsync(refused, charter)));
        Assert.Contains("pay.share-staff-paid-rlw", (await app.GetAsync($"/api/v1/employers/{refused}/evidence-requests")).EnumerateArray()
            .Select(r => r.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task DayOneSickPay_ImpliesAboveStatutoryOnlyBeforeStatutorySickPayItselfRanFromDayOne()
    {
        var charter = await app.CharterAsync(["member"], [("sick-pay", "member", AboveStatutorySickPay)]);
        var before = await app.EmployerAsync();
        var after = await app.EmployerAsync();
        await app.JoinAsync(before, charter);
        await app.JoinAsync(after, charter);

        await app.SubmitAsync(before, """[{"kind":"pay.sick-pay-from-day-one","value":true,"effectiveFrom":"2026-04-05"}]""");
        await app.SubmitAsync(after, """[{"kind":"pay.sick-pay-from-day-one","value":true,"effectiveFrom":"2026-04-06"}]""");

        Assert.Equal("member", Tier(await app.MembershipAsync(before, charter)));
        Assert.Null(Tier(await app.MembershipAsync(after, charter)));
    }

    [Fact]
    public async Task EvidenceKind_ServesItsImplications()
    {
        var kind = await app.GetAsync("/api/v1/evidence-kinds/pay.rlw-accredited");

        var implies = kind.GetProperty("implies").EnumerateArray().ToList();
        Assert.Contains(implies, i => i.GetProperty("kind").GetString() == "pay.share-staff-paid-rlw" && i.GetProperty("when").GetBoolean()
                                      && i.GetProperty("op").GetString() == "eq" && i.GetProperty("value").GetDecimal() == 100m);
        Assert.Contains(implies, i => i.GetProperty("kind").GetString() == "pay.lowest-adult-hourly-rate" && i.GetProperty("rate").GetString() == "real-living-wage");
        Assert.DoesNotContain(implies, i => i.GetProperty("kind").GetString() is "pay.apprentices-paid-rlw" or "pay.interns-paid-rlw");
        Assert.Equal(0, (await app.GetAsync("/api/v1/evidence-kinds/voice.employee-forum")).GetProperty("implies").GetArrayLength());
    }

    [Fact]
    public async Task Alignment_OfGreaterManchesterAndLondon_PutsTheLivingWageRequirementsInOneCluster_AccreditationStrictest()
    {
        var report = await app.GetAsync("/api/v1/alignment?charters=gm-gec,london-gws");

        var cluster = report.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("kinds").EnumerateArray().Any(k => k.GetString() == "pay.rlw-accredited"));
        var requirements = cluster.GetProperty("usedBy").EnumerateArray()
            .Select(u => $"{u.GetProperty("charterId").GetString()}:{u.GetProperty("requirementId").GetString()}").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["gm-gec:real-living-wage", "london-gws:living-wage-accredited", "london-gws:london-living-wage-incl-interns"], requirements);
        Assert.True(cluster.GetProperty("conflict").GetBoolean());
        Assert.Equal(("london-gws", "living-wage-accredited"),
            (cluster.GetProperty("strictest").GetProperty("charterId").GetString(), cluster.GetProperty("strictest").GetProperty("requirementId").GetString()));
        var relation = cluster.GetProperty("relations").EnumerateArray().Single(r =>
            r.GetProperty("a").GetProperty("requirementId").GetString() == "real-living-wage" && r.GetProperty("b").GetProperty("requirementId").GetString() == "living-wage-accredited");
        Assert.Equal("looser", relation.GetProperty("relation").GetString());
    }
}
