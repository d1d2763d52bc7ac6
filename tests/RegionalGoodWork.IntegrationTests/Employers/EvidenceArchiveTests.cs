using System.Net;
using RegionalGoodWork.IntegrationTests.Shared;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// Superseded history leaves the employer's state for archive pages (32 items a page by default), so a submission writes a
/// state of the same size whatever the employer's past, and the history is still served whole, in order.
/// </summary>
[Collection(Collections.Employers)]
public sealed class EvidenceArchiveTests(EmployersApp app)
{
    private const string Share = "pay.share-staff-paid-rlw";

    [Fact]
    public async Task DeepHistory_IsArchivedInPages_ServedWholeInOrder_AndTheStoredStateStopsGrowing()
    {
        var charter = await app.CharterAsync(["member"], [("all-paid", "member", Rules.AllStaffPaidRlw)]);
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, charter);
        var (status, _) = await app.SubmitAsync(employer, """[{"kind":"flex.flexible-from-day-one","value":true}]""");
        Assert.Equal(HttpStatusCode.OK, status);

        long atDepth40 = 0;
        for (var n = 1; n <= 100; n++)
        {
            (status, _) = await app.SubmitAsync(employer, $$"""[{"kind":"{{Share}}","value":{{(n % 2 == 0 ? 100 : 90)}}}]""");
            Assert.Equal(HttpStatusCode.OK, status);
            if (n == 40)
            {
                atDepth40 = await StoredStateBytesAsync("employer", employer);
            }
        }

        // 99 superseded items: three pages of 32 (after the 33rd, 65th and 97th submission), three left in the state.
        Assert.Equal(3, await StoredRowsAsync("evidence-archive", employer));
        var atDepth100 = await StoredStateBytesAsync("employer", employer);
        Assert.True(atDepth100 < atDepth40 * 1.25,
            $"the stored state grew with the history: {atDepth40} bytes at 40 submissions, {atDepth100} at 100");

        var history = (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 101).Select(n => $"ev-{n}"), history.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["ev-1", "ev-101"], history.Where(i => i.GetProperty("current").GetBoolean()).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(90m, history[1].GetProperty("value").GetDecimal());

        var current = (await app.GetAsync($"/api/v1/employers/{employer}/evidence")).EnumerateArray().ToList();
        Assert.Equal([("flex.flexible-from-day-one", "ev-1"), (Share, "ev-101")],
            current.Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("id").GetString())));
        Assert.Equal("member", (await app.MembershipAsync(employer, charter)).GetProperty("tier").GetString());

        // An archived item is not one to verify (409, as for any item not in force); an id never issued is 404.
        Assert.Equal(HttpStatusCode.Conflict, (await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-2/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-999/verify")).StatusCode);
    }

    private async Task<long> StoredStateBytesAsync(string grainType, string employerId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Platform.Database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT length(payload) FROM rgw_grain_state WHERE grain_type = @type AND grain_key = @key", connection);
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("key", employerId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> StoredRowsAsync(string grainType, string employerId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Platform.Database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM rgw_grain_state WHERE grain_type = @type AND grain_key LIKE @prefix", connection);
        command.Parameters.AddWithValue("type", grainType);
        command.Parameters.AddWithValue("prefix", employerId + "/%");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
