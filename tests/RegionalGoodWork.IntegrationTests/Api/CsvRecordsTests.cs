using System.Text;
using RegionalGoodWork.Host.Api;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>The streaming CSV reader the employer import reads its file with (RFC 4180, one record at a time).</summary>
public sealed class CsvRecordsTests
{
    [Fact]
    public async Task QuotedFields_HoldCommasQuotesAndLineBreaks_AndEachRecordKnowsTheLineItStartsOn()
    {
        var text = "\uFEFFid,name,note\r\n" +
                   "a,\"Smith, Jones & Co\",plain\r\n" +
                   "b,\"The \"\"Best\"\" Pies\",\"two\r\nlines\"\r\n" +
                   "c,,\n" +
                   "d,\"\",last";
        using var csv = new CsvRecords(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxRecordChars: 100);

        var records = new List<CsvRecord>();
        while (await csv.ReadAsync() is { } record)
        {
            records.Add(record);
        }

        Assert.Equal([1, 2, 3, 5, 6], records.Select(r => r.Line));
        Assert.Equal(["id", "name", "note"], records[0].Fields);
        Assert.Equal(["a", "Smith, Jones & Co", "plain"], records[1].Fields);
        Assert.Equal(["b", "The \"Best\" Pies", "two\r\nlines"], records[2].Fields);
        Assert.Equal(["c", "", ""], records[3].Fields);
        Assert.Equal(["d", "", "last"], records[4].Fields);
    }

    [Fact]
    public async Task AQuoteNeverClosed_OrARecordTooLong_IsAFormatErrorNamingItsLine()
    {
        using var open = new CsvRecords(new MemoryStream(Encoding.UTF8.GetBytes("a,b\r\nc,\"never\r\ncloses\r\n")));
        Assert.NotNull(await open.ReadAsync());
        var unclosed = await Assert.ThrowsAsync<CsvFormatException>(async () => await open.ReadAsync());
        Assert.Equal(2, unclosed.Line);

        using var longOne = new CsvRecords(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n" + new string('x', 200) + "\n")), maxRecordChars: 100);
        Assert.NotNull(await longOne.ReadAsync());
        Assert.Equal(2, (await Assert.ThrowsAsync<CsvFormatException>(async () => await longOne.ReadAsync())).Line);
    }
}
