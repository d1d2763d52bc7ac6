using System.Text;
using RegionalGoodWork.Host.Api;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>The iCalendar writer's content lines (pure): TEXT escaping and folding at 75 octets, never inside a character.</summary>
public sealed class ICalendarFeedTests
{
    [Fact]
    public void Text_EscapesBackslashSemicolonCommaAndEveryLineBreak()
    {
        Assert.Equal(@"a\\b\;c\,d\ne\nf\ng", ICalendarFeed.Text("a\\b;c,d\r\ne\nf\rg"));
    }

    [Theory]
    [InlineData("€")] // 3 octets
    [InlineData("😀")] // 4 octets, a surrogate pair in .NET
    [InlineData("é")] // 2 octets
    public void Line_FoldsAt75Octets_BetweenWholeCharacters_AndUnfoldingRestoresIt(string character)
    {
        // 74 ASCII octets first, so the next character (2 to 4 octets) would cross the 75th octet.
        var line = "DESCRIPTION:" + new string('x', 62) + string.Concat(Enumerable.Repeat(character, 40));
        var output = new StringBuilder();

        ICalendarFeed.Line(output, line);

        var bytes = Encoding.UTF8.GetBytes(output.ToString());
        var physical = output.ToString().Split("\r\n")[..^1];
        Assert.True(physical.Length > 1);
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.All(physical.Skip(1), l => Assert.StartsWith(" ", l, StringComparison.Ordinal));
        Assert.Equal(74, Encoding.UTF8.GetByteCount(physical[0]));
        Assert.Equal(line + "\r\n", Encoding.UTF8.GetString(bytes).Replace("\r\n ", "", StringComparison.Ordinal));
    }
}
