using RegionalGoodWork.Employers.Calendar;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>The calendar sources' date rules (pure): when evidence lapses, when the next annual review falls.</summary>
public sealed class RenewalCalendarSourcesTests
{
    private const string Share = "pay.share-staff-paid-rlw";

    [Fact]
    public void LapsesOn_ARenewalReportedAheadWithoutAGap_MovesTheDateToTheRenewalsEnd_AGapDoesNot()
    {
        var current = Percent(Share, 100, Today, new DateOnly(2026, 9, 1));
        var renewal = Percent(Share, 100, new DateOnly(2026, 8, 1), new DateOnly(2026, 12, 1));
        var afterAGap = Percent(Share, 100, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 1));

        Assert.Equal(new DateOnly(2026, 12, 1), EvidenceExpiries.LapsesOn([current, renewal, afterAGap], current.ValidUntil));
        Assert.Equal(new DateOnly(2026, 9, 1), EvidenceExpiries.LapsesOn([current, afterAGap], current.ValidUntil));
    }

    [Theory]
    [InlineData("2026-05-01", "2026-05-01", "2027-05-01")] // joined today: a year on, not today
    [InlineData("2025-05-01", "2026-05-01", "2026-05-01")] // the anniversary is today: today
    [InlineData("2025-05-01", "2026-05-02", "2027-05-01")] // a day past it: next year's
    [InlineData("2024-02-29", "2026-01-10", "2026-02-28")] // a leap day: 28 February in other years
    [InlineData("2020-07-15", "2026-05-01", "2026-07-15")] // years ago: this year's, still ahead
    public void NextAnniversary_IsTheFirstAnniversaryOnOrAfterToday_NeverTheDayOfJoining(string joined, string today, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AnnualReviews.NextAnniversary(DateOnly.Parse(joined, System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
}
