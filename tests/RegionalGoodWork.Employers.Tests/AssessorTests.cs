using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

public sealed class AssessorTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Rule Rlw = Rule.AnyOf(
        Rule.Eq("pay.rlw-accredited", true),
        Rule.Leaf("pay.share-staff-paid-rlw", RuleOp.Gte, EvidenceValue.FromNumber(EvidenceType.Percent, 100)));

    private static CharterVersion Charter(string id, params Requirement[] requirements) =>
        new(id, 1, new CharterDefinition(id, "E47000001", ["supporter", "member"], requirements), At);

    private static Membership Member(CharterVersion version, IReadOnlyDictionary<string, EvidenceFact> facts) =>
        new(version.CharterId, version.Version, MembershipStatus.Active, Assessor.Assess(version, facts), At, At, null, At);

    [Fact]
    public void Assess_MetRequirement_NamesTheItemThatMetIt()
    {
        var item = Bool("pay.rlw-accredited", true, Today, Today.AddYears(1));
        var charter = Charter("a", new Requirement("rlw", "RLW", "supporter", "fair-pay", Rlw),
            new Requirement("flex", "Flex", "member", "autonomy", Rule.Eq("flex.flexible-from-day-one", true)));

        var assessment = Assessor.Assess(charter, Assessor.Facts(new Dictionary<string, EvidenceRecord> { [item.Kind] = item }));

        Assert.Equal(("supporter", "member"), (assessment.Tier, assessment.NextTier));
        Assert.Equal(["rlw"], assessment.Met);
        Assert.Equal(["flex"], assessment.Missing);
        Assert.Equal([item.Id], assessment.Evidence["rlw"]);
        Assert.Equal(["flex.flexible-from-day-one"], assessment.Needs.Single().Kinds);
    }

    [Fact]
    public void Requests_SameKindNeededByThreeCharters_ListedOnceAndFirst()
    {
        var facts = Assessor.Facts(new Dictionary<string, EvidenceRecord>());
        var memberships = new[]
        {
            Member(Charter("a", new Requirement("pay", "Pay", "supporter", null, Rule.Eq("pay.rlw-accredited", true))), facts),
            Member(Charter("b", new Requirement("rlw", "RLW", "supporter", null, Rlw),
                new Requirement("notice", "Notice", "supporter", null,
                    Rule.Leaf("conditions.shift-notice-days", RuleOp.Gte, EvidenceValue.FromNumber(EvidenceType.Days, 14)))), facts),
            Member(Charter("c", new Requirement("living-wage", "RLW", "supporter", null, Rule.Eq("pay.rlw-accredited", true)),
                new Requirement("flex", "Flex", "member", null, Rule.Eq("flex.flexible-from-day-one", true))), facts),
        };

        var requests = Assessor.Requests(memberships);

        Assert.Equal(["pay.rlw-accredited", "conditions.shift-notice-days", "pay.share-staff-paid-rlw"], requests.Select(r => r.Kind));
        Assert.Equal(["a:pay", "b:rlw", "c:living-wage"], requests[0].Advances.Select(a => $"{a.CharterId}:{a.RequirementId}"));
        Assert.DoesNotContain(requests, r => r.Kind == "flex.flexible-from-day-one");
    }

    [Fact]
    public void Requests_WithdrawnMembership_AsksForNothing()
    {
        var facts = Assessor.Facts(new Dictionary<string, EvidenceRecord>());
        var member = Member(Charter("a", new Requirement("pay", "Pay", "supporter", null, Rule.Eq("pay.rlw-accredited", true))), facts)
            with { Status = MembershipStatus.Withdrawn };

        Assert.Empty(Assessor.Requests([member]));
    }
}
