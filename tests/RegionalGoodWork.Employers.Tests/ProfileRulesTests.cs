using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Profile;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Tests;

public sealed class ProfileRulesTests
{
    [Fact]
    public void Check_GoodProfile_NormalizesCodes()
    {
        var errors = new ValidationErrors();

        var profile = ProfileRules.Check(new DefineEmployer(" Acme Ltd ", "sc123456", ["56101", "56101"], [new SiteInput("e08000003", 40)]), errors);

        Assert.False(errors.Any);
        Assert.Equal("Acme Ltd", profile!.Name);
        Assert.Equal("SC123456", profile.CompanyNumber);
        Assert.Equal(["56101"], profile.SicCodes);
        Assert.Equal([new Site("E08000003", 40)], profile.Sites);
    }

    [Fact]
    public void Check_BadFields_ReportsEachOne()
    {
        var errors = new ValidationErrors();

        var profile = ProfileRules.Check(new DefineEmployer(null, "12-34", ["abc"],
            [new SiteInput("E08000003", 0), new SiteInput("Manchester", 10), new SiteInput("E08000003", 2.5m), null]), errors);

        Assert.Null(profile);
        Assert.Equal(
            ["companyNumber", "name", "sicCodes[0]", "sites[0].headcount", "sites[1].localAuthority", "sites[2].headcount", "sites[3]"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_SitesMissing_IsRequiredButEmptyListIsFine()
    {
        var missing = new ValidationErrors();
        var empty = new ValidationErrors();

        ProfileRules.Check(new DefineEmployer("Acme", null, null, null), missing);
        ProfileRules.Check(new DefineEmployer("Acme", null, null, []), empty);

        Assert.Equal(["sites"], missing.ToDictionary().Keys);
        Assert.False(empty.Any);
    }
}
