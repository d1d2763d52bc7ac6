using System.Net;
using System.Text;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>An answer kept under an <c>Idempotency-Key</c> lives 24 hours of the platform clock (moved, never slept).</summary>
[Collection(Collections.EmployersTime)]
public sealed class IdempotencyExpiryTests(EmployersApp app)
{
    private const string Rlw = """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""";

    [Fact]
    public async Task Answer_IsReplayedFor24Hours_ThenTheKeyRunsAgain()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(employer, key);

        app.Platform.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        using var lastMinute = await PostAsync(employer, key);
        app.Platform.Clock.Advance(TimeSpan.FromMinutes(2));
        using var dayAfter = await PostAsync(employer, key);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { first.StatusCode, lastMinute.StatusCode, dayAfter.StatusCode });
        Assert.True(lastMinute.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.False(dayAfter.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(2, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task ExpiredAnswer_IsDeletedFromStorageByItsReminder()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();
        var scope = IdempotencyKey.Scope(IdempotencyKey.CallerOf(AdminKey.Id), "POST", $"/api/v1/employers/{employer}/evidence", key);
        var db = app.Platform.Database!;
        var rows = $"SELECT count(*) FROM rgw_grain_state WHERE grain_type = 'idempotency' AND grain_key = '{scope}'";
        var reminders = $"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{scope}' AND reminder_name = '{IdempotencyGrain.ExpiryReminder}'";
        using var first = await PostAsync(employer, key);
        var kept = (await db.ScalarAsync<long>(rows), await db.ScalarAsync<long>(reminders));

        app.Platform.Clock.Advance(TimeSpan.FromHours(25));
        await app.Platform.Grains.GetIdempotency(scope).AsReference<IRemindable>().ReceiveReminder(IdempotencyGrain.ExpiryReminder, default);
        var swept = (await db.ScalarAsync<long>(rows), await db.ScalarAsync<long>(reminders));
        using var again = await PostAsync(employer, key);

        Assert.Equal((1L, 1L), kept);
        Assert.Equal((0L, 0L), swept);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal((1L, 1L), (await db.ScalarAsync<long>(rows), await db.ScalarAsync<long>(reminders)));
    }

    private async Task<HttpResponseMessage> PostAsync(string employer, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/employers/{employer}/evidence", UriKind.Relative))
        {
            Content = new StringContent(Rlw, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IdempotencyKey.Header, key);
        return await app.Http.SendAsync(request);
    }
}
