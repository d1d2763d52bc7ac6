using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;
using Xunit.Abstractions;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// Two silos (two processes) in one cluster on one PostgreSQL; employers live on both. Under a steady load of evidence
/// submissions through the survivor, the other is killed with SIGKILL. Every answer is a success or a 503 with
/// Retry-After, never a 500; every item acknowledged before, during and after the loss is in the employer's history;
/// and the employers that lived on the dead silo take writes again on the survivor without anyone stepping in.
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output)
{
    private const int Employers = 12;
    private const int Workers = 6;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Modules:Charters:SeedDemo"] = "false",
        ["Modules:Places:SeedGeography"] = "true",
    };

    [Fact]
    public async Task ASiloKilledUnderLoad_NoAnswerIs500_EveryAcknowledgedItemIsStored_AndItsEmployersRecover()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var survivor = await PlatformProcess.StartAsync(database, Settings);
        await using var victim = await PlatformProcess.StartAsync(database, Settings);
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>($"SELECT count(*) FROM rgw_cluster_silo WHERE deployment_id = '{database.Name}' AND status = 3"),
            n => n == 2, "both silos active in the cluster", TimeSpan.FromSeconds(60));

        // Half the employers are created through the victim, so their grains are placed on it (placement prefers the
        // silo that receives the first call); the rest through the survivor.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var employers = Enumerable.Range(1, Employers).Select(i => $"loss-{suffix}-{i}").ToList();
        for (var i = 0; i < employers.Count; i++)
        {
            var through = i % 2 == 0 ? victim : survivor;
            using var created = await SendAsync(through, HttpMethod.Put, $"/api/v1/employers/{employers[i]}",
                $$"""{"name":"Loss {{i}}","sites":[{"localAuthority":"E08000010","headcount":20}]}""");
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            using var first = await SubmitAsync(through, employers[i]);
            Assert.True(first.IsSuccessStatusCode, $"{(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        }

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        var answers = new ConcurrentDictionary<int, int>();
        var unexpected = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(int worker)
        {
            var n = worker;
            while (!stop.IsCancellationRequested)
            {
                var employer = employers[n++ % employers.Count];
                try
                {
                    using var response = await SubmitAsync(survivor, employer);
                    var status = (int)response.StatusCode;
                    answers.AddOrUpdate(status, 1, (_, c) => c + 1);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        foreach (var item in JsonDocument.Parse(body).RootElement.GetProperty("accepted").EnumerateArray())
                        {
                            acknowledged.GetOrAdd(employer, _ => []).Add(item.GetProperty("id").GetString()!);
                        }
                    }
                    else if (response.StatusCode != HttpStatusCode.ServiceUnavailable
                        || response.Headers.RetryAfter?.Delta is not { } wait || wait <= TimeSpan.Zero
                        || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        unexpected.Enqueue($"{status} {response.Headers.RetryAfter} {body}");
                    }
                    else
                    {
                        await Task.Delay(100); // a client told to wait does not hammer
                    }
                }
                catch (HttpRequestException ex)
                {
                    unexpected.Enqueue($"no answer: {ex.Message}");
                }
                catch (TaskCanceledException ex)
                {
                    unexpected.Enqueue($"no answer in time: {ex.Message}");
                }
            }
        }

        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var beforeLoss = acknowledged.Values.Sum(b => b.Count);
        await victim.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(25));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var summary = string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"));
        output.WriteLine($"answers under load: {summary}; acknowledged before the loss: {beforeLoss}");
        Assert.True(unexpected.IsEmpty, $"answers other than 2xx or 503 with Retry-After ({summary}):\n{string.Join('\n', unexpected.Take(10))}\n{survivor.Tail}");
        Assert.True(beforeLoss > 0, "the load was running before the silo died");

        // Every employer, including those that lived on the dead silo, takes a write again on the survivor.
        foreach (var employer in employers)
        {
            await Eventually.HoldsAsync(async () =>
            {
                using var response = await SubmitAsync(survivor, employer);
                if (response.IsSuccessStatusCode)
                {
                    var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted")[0].GetProperty("id").GetString()!;
                    acknowledged.GetOrAdd(employer, _ => []).Add(id);
                }

                return response.StatusCode;
            }, s => s is HttpStatusCode.OK or HttpStatusCode.Created, $"{employer} to take writes on the survivor", TimeSpan.FromSeconds(60));
        }

        // Nothing acknowledged is lost: each id the platform answered with is in the employer's history.
        foreach (var employer in employers)
        {
            using var response = await survivor.Http.GetAsync(new Uri($"/api/v1/employers/{employer}/evidence?history=true", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Select(e => e.GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
            var missing = acknowledged.GetValueOrDefault(employer, []).Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{employer}: {missing.Count} acknowledged items missing ({summary})");
        }
    }

    private static Task<HttpResponseMessage> SubmitAsync(PlatformProcess platform, string employer) =>
        SendAsync(platform, HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");

    private static Task<HttpResponseMessage> SendAsync(PlatformProcess platform, HttpMethod method, string path, string json)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return platform.Http.SendAsync(request);
    }
}
