using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1, as a subscriber would run one: it records every POST (its Standard Webhooks headers and
/// body) and answers the next scripted status (<see cref="Then"/>), else <see cref="DefaultStatus"/>. It verifies the
/// signature itself, with its own HMAC-SHA256 over <c>id.timestamp.body</c> under the secret's key, and keeps the events it
/// accepted once per <c>webhook-id</c>, as a receiver de-duplicating retries does.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly PartnerStub server;
    private readonly ConcurrentQueue<Func<Task<int>>> script = new();
    private readonly ConcurrentQueue<Received> received = new();

    private WebhookReceiver(PartnerStub server)
    {
        this.server = server;
        server.Default = ReceiveAsync;
    }

    public Uri Url => new(server.BaseUrl, "/hooks/rgw");

    public int DefaultStatus { get; set; } = 204;

    /// <summary>Every request, in the order received (retries included).</summary>
    public IReadOnlyList<Received> Requests => [.. received];

    /// <summary>
    /// What a de-duplicating receiver processed: for each <c>webhook-id</c> answered 2xx, the body, once, however many
    /// times it was delivered.
    /// </summary>
    public IReadOnlyList<Received> Effective =>
        received.Where(r => r.Answered is >= 200 and < 300).GroupBy(r => r.WebhookId).Select(g => g.First()).ToList();

    /// <summary>A receiver on the house's loopback server (<see cref="PartnerStub"/>), answering every request itself.</summary>
    public static async Task<WebhookReceiver> StartAsync() => new(await PartnerStub.StartAsync());

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var status = script.TryDequeue(out var next) ? await next() : DefaultStatus;
        received.Enqueue(new Received(
            context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(), body, status));
        context.Response.StatusCode = status;
    }

    /// <summary>The next request is answered <paramref name="status"/> (in order, before <see cref="DefaultStatus"/>).</summary>
    public WebhookReceiver Then(int status)
    {
        script.Enqueue(() => Task.FromResult(status));
        return this;
    }

    /// <summary>
    /// The next request is held until <paramref name="release"/> completes, then answered <paramref name="status"/>;
    /// <paramref name="arrived"/> is completed as it arrives.
    /// </summary>
    public WebhookReceiver ThenHold(Task release, int status, TaskCompletionSource arrived)
    {
        script.Enqueue(async () =>
        {
            arrived.TrySetResult();
            await release;
            return status;
        });
        return this;
    }

    /// <summary>
    /// The Standard Webhooks check, done here independently of the platform: <c>v1,</c> + base64 HMAC-SHA256, keyed with the
    /// base64 key after <c>whsec_</c>, over <c>{webhook-id}.{webhook-timestamp}.{body}</c>.
    /// </summary>
    public static bool SignatureHolds(Received request, string secret)
    {
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.WebhookId}.{request.Timestamp}.{request.Body}")));
        return request.Signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    internal sealed record Received(string WebhookId, string Timestamp, string Signature, string Body, int Answered)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Type => Json.GetProperty("type").GetString()!;

        public JsonElement Data => Json.GetProperty("data");
    }
}
