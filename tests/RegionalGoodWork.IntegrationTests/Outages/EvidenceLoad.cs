using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// A steady load of evidence submissions against one platform process, as employers' systems would send it: a few
/// workers each posting one item at a time, round the given employers. It keeps what a client can tell: every status
/// answered, the ids acknowledged per employer, and every answer that is neither a success nor a proper outage answer
/// (503, problem+json, a positive Retry-After) — or no answer at all. A worker told to wait pauses briefly.
/// </summary>
internal sealed class EvidenceLoad
{
    private readonly PlatformProcess platform;
    private readonly IReadOnlyList<string> employers;
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> answers = new();
    private readonly ConcurrentQueue<string> unexpected = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> workers;

    private EvidenceLoad(PlatformProcess platform, IReadOnlyList<string> employers, int workers)
    {
        this.platform = platform;
        this.employers = employers;
        this.workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))).ToList();
    }

    /// <summary>Items acknowledged so far.</summary>
    public int Acknowledged => acknowledged.Values.Sum(b => b.Count);

    /// <summary>How many answers had <paramref name="status"/>.</summary>
    public int Answered(HttpStatusCode status) => answers.GetValueOrDefault((int)status);

    /// <summary>Answers that were neither a success nor a 503 with problem+json and Retry-After, and requests never answered.</summary>
    public IReadOnlyCollection<string> Unexpected => unexpected;

    /// <summary>Statuses with their counts, for messages.</summary>
    public string Summary => string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"));

    public static EvidenceLoad Start(PlatformProcess platform, IReadOnlyList<string> employers, int workers) => new(platform, employers, workers);

    /// <summary>Posts one item for <paramref name="employer"/>.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(PlatformProcess platform, string employer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/employers/{employer}/evidence", UriKind.Relative))
        {
            Content = new StringContent("""{"items":[{"kind":"pay.rlw-accredited","value":true}]}""", Encoding.UTF8, "application/json"),
        };
        return platform.Http.SendAsync(request);
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        stop.Dispose();
    }

    /// <summary>Posts one more item for <paramref name="employer"/> (after the load) and keeps its id if acknowledged.</summary>
    public async Task<HttpStatusCode> SubmitOnceAsync(string employer)
    {
        using var response = await SubmitAsync(platform, employer);
        await KeepAsync(employer, response);
        return response.StatusCode;
    }

    /// <summary>The acknowledged ids missing from the employers' histories, read from <paramref name="reader"/>.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(PlatformProcess reader)
    {
        var missing = new List<string>();
        foreach (var employer in employers)
        {
            using var response = await reader.Http.GetAsync(new Uri($"/api/v1/employers/{employer}/evidence?history=true", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add($"{employer}: history answered {(int)response.StatusCode}");
                continue;
            }

            var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Select(e => e.GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(acknowledged.GetValueOrDefault(employer, []).Where(id => !stored.Contains(id)).Select(id => $"{employer}: {id}"));
        }

        return missing;
    }

    private async Task WorkAsync(int worker)
    {
        var n = worker;
        while (!stop.IsCancellationRequested)
        {
            var employer = employers[n++ % employers.Count];
            try
            {
                using var response = await SubmitAsync(platform, employer);
                if (!await KeepAsync(employer, response))
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

    /// <summary>Records the answer; true when it acknowledged the item.</summary>
    private async Task<bool> KeepAsync(string employer, HttpResponseMessage response)
    {
        answers.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            foreach (var item in JsonDocument.Parse(body).RootElement.GetProperty("accepted").EnumerateArray())
            {
                acknowledged.GetOrAdd(employer, _ => []).Add(item.GetProperty("id").GetString()!);
            }

            return true;
        }

        if (response.StatusCode != HttpStatusCode.ServiceUnavailable
            || response.Headers.RetryAfter?.Delta is not { } wait || wait <= TimeSpan.Zero
            || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            unexpected.Enqueue($"{(int)response.StatusCode} {response.Headers.RetryAfter} {body}");
        }

        return false;
    }
}
