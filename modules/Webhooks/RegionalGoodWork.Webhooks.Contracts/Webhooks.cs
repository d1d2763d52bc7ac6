using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Webhooks.Contracts;

/// <summary>The events a webhook may subscribe to (api.md, "Partners and connectors").</summary>
public static class WebhookEventTypes
{
    public const string MembershipTierChanged = "membership.tier-changed";

    public const string EvidenceExpired = "evidence.expired";

    public const string CharterPublished = "charter.published";

    public const string ConnectorRunFinished = "connector.run-finished";

    public static IReadOnlyList<string> All { get; } = [MembershipTierChanged, EvidenceExpired, CharterPublished, ConnectorRunFinished];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// Something that happened, owed to the webhooks that subscribe to its <see cref="Type"/>. The module that raises it stores
/// it in its own state with the write that made it happen (an outbox) and hands it to <see cref="IWebhookPublisherGrain"/>
/// until that answers true; <see cref="EventId"/> is the <c>webhook-id</c> every delivery of it carries, so handing it over
/// again, or retrying a delivery, is something a receiver de-duplicates. <see cref="Data"/> is the event's JSON object.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.webhooks.event")]
public sealed record WebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string Data)
{
    /// <summary>The event's body as delivered: <c>{id, type, timestamp, data}</c> (the Standard Webhooks payload shape).</summary>
    public string Body() => new JsonObject
    {
        ["id"] = EventId,
        ["type"] = Type,
        ["timestamp"] = OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["data"] = JsonNode.Parse(Data),
    }.ToJsonString();

    public static WebhookEvent MembershipTierChanged(string employerId, string charterId, int charterVersion, string? tierBefore, string? tierAfter, DateTimeOffset at) =>
        New(WebhookEventTypes.MembershipTierChanged, at, new JsonObject
        {
            ["employerId"] = employerId, ["charterId"] = charterId, ["charterVersion"] = charterVersion,
            ["tierBefore"] = tierBefore, ["tierAfter"] = tierAfter,
        });

    public static WebhookEvent EvidenceExpired(string employerId, string evidenceId, string kind, DateOnly validUntil, DateTimeOffset at) =>
        New(WebhookEventTypes.EvidenceExpired, at, new JsonObject
        {
            ["employerId"] = employerId, ["evidenceId"] = evidenceId, ["kind"] = kind,
            ["validUntil"] = validUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });

    public static WebhookEvent CharterPublished(string charterId, int version, string name, DateTimeOffset at) =>
        New(WebhookEventTypes.CharterPublished, at, new JsonObject { ["charterId"] = charterId, ["version"] = version, ["name"] = name });

    public static WebhookEvent ConnectorRunFinished(
        string connectorId, string runId, string status, int read, int changed, int failed, int unmatched, string? error, DateTimeOffset at) =>
        New(WebhookEventTypes.ConnectorRunFinished, at, new JsonObject
        {
            ["connectorId"] = connectorId, ["runId"] = runId, ["status"] = status,
            ["read"] = read, ["changed"] = changed, ["failed"] = failed, ["unmatched"] = unmatched, ["error"] = error,
        });

    private static WebhookEvent New(string type, DateTimeOffset at, JsonObject data) =>
        new($"evt_{Guid.NewGuid():N}", type, at, data.ToJsonString());
}

/// <summary>
/// Where modules hand their events over (a stateless worker: no hot grain). Each event is stored in the delivery queue of
/// every webhook subscribed to its type before this answers true; false (or an exception) means some were not, and the
/// caller keeps them owed and hands them over again later (a webhook already holding an event id takes it as stored).
/// Sending happens afterwards, in each webhook's own turns: this never waits for a receiver.
/// </summary>
public interface IWebhookPublisherGrain : IGrainWithIntegerKey
{
    Task<bool> PublishAsync(IReadOnlyList<WebhookEvent> events);
}

/// <summary>
/// One subscription (key: its id): the receiver's url, the event types, the signing secret (<c>whsec_…</c>) and its durable
/// delivery queue. <see cref="CreateAsync"/> answers the secret, the only time it is shown.
/// </summary>
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Invalid for a url that is not absolute http(s) or an unknown event type; Conflict when the id is taken.</summary>
    Task<Outcome<WebhookCreated>> CreateAsync(CreateWebhook command);

    /// <summary>Its deliveries, newest first; NotFound for an unknown webhook.</summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<WebhookDelivery>>> GetDeliveriesAsync();
}

[GenerateSerializer, Immutable, Alias("rgw.webhooks.create")]
public sealed record CreateWebhook([property: Id(0)] string? Url, [property: Id(1)] IReadOnlyList<string>? Events, [property: Id(2)] string CreatedBy);

[GenerateSerializer, Immutable, Alias("rgw.webhooks.created")]
public sealed record WebhookCreated([property: Id(0)] string Id, [property: Id(1)] string Secret);

[JsonConverter(typeof(JsonStringEnumConverter<WebhookDeliveryStatus>))]
public enum WebhookDeliveryStatus
{
    [JsonStringEnumMemberName("pending")] Pending = 0,
    [JsonStringEnumMemberName("delivered")] Delivered = 1,
    [JsonStringEnumMemberName("failed")] Failed = 2,
}

/// <summary>One event's delivery to one webhook: attempts made so far, pending (more to come), delivered (a 2xx) or failed (gave up).</summary>
[GenerateSerializer, Immutable, Alias("rgw.webhooks.delivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] int Attempts,
    [property: Id(3)] WebhookDeliveryStatus Status,
    [property: Id(4)] DateTimeOffset? LastAttemptAt);

/// <summary>The one place that knows how Webhooks grains are keyed.</summary>
public static class WebhooksGrainKeys
{
    /// <summary>A webhook, keyed by its id (32 lowercase hex digits).</summary>
    public static IWebhookGrain GetWebhook(this IGrainFactory grains, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IWebhookGrain>(webhookId);
    }

    /// <summary>The publisher (a stateless worker; one key, any number of activations).</summary>
    public static IWebhookPublisherGrain GetWebhookPublisher(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IWebhookPublisherGrain>(0);
    }

    /// <summary>True for a string shaped like a webhook id (checked before a grain is addressed by it).</summary>
    public static bool IsWebhookId(string? id) => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
