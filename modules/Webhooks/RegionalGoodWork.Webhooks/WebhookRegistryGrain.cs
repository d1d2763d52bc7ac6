using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Webhooks;

/// <summary>Which webhooks subscribe to which event types: asked by the publisher for every batch of events.</summary>
internal interface IWebhookRegistryGrain : IGrainWithStringKey
{
    Task AddAsync(string webhookId, IReadOnlyList<string> events);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> SubscribersAsync(string type);
}

[GenerateSerializer, Alias("rgw.webhooks.registry-state")]
internal sealed class WebhookRegistryState
{
    /// <summary>Event types by webhook id.</summary>
    [Id(0)] public Dictionary<string, List<string>> Subscriptions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The one list of subscriptions (few: an admin makes them). A webhook is listed before its own state is written, so a
/// webhook that answered 201 is always found; a listing whose webhook was never stored is harmless (it takes no event).
/// Events are rare (a tier moving, a publish, a run ending), so one grain answering the publisher is no hot spot.
/// </summary>
[GrainType("webhook-registry")]
internal sealed class WebhookRegistryGrain(
    [PersistentState("webhook-registry")] IPersistentState<WebhookRegistryState> state) : Grain, IWebhookRegistryGrain
{
    public async Task AddAsync(string webhookId, IReadOnlyList<string> events)
    {
        state.State.Subscriptions[webhookId] = [.. events];
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }

    public Task<IReadOnlyList<string>> SubscribersAsync(string type) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Subscriptions.Where(s => s.Value.Contains(type, StringComparer.Ordinal)).Select(s => s.Key).ToList());
}

/// <summary>Hands each event to every subscribed webhook's queue; true once all of them have stored it.</summary>
[GrainType("webhook-publisher"), Orleans.Concurrency.StatelessWorker]
internal sealed class WebhookPublisherGrain : Grain, IWebhookPublisherGrain
{
    public async Task<bool> PublishAsync(IReadOnlyList<WebhookEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var registry = GrainFactory.GetWebhookRegistry();
        var stored = true;
        foreach (var type in events.Select(e => e.Type).Distinct(StringComparer.Ordinal))
        {
            var ofType = events.Where(e => e.Type == type).ToList();
            var subscribers = await registry.SubscribersAsync(type);
            var results = await Task.WhenAll(subscribers.Select(id => GrainFactory.GetWebhookQueue(id).EnqueueAsync(ofType)));
            stored &= results.All(r => r);
        }

        return stored;
    }
}

/// <summary>The queue face of a webhook, for the publisher only.</summary>
internal interface IWebhookQueueGrain : IGrainWithStringKey
{
    /// <summary>Stores each event the webhook subscribes to (once per event id) in its queue; true once stored (or not wanted).</summary>
    Task<bool> EnqueueAsync(IReadOnlyList<WebhookEvent> events);
}

/// <summary>The one place that knows how the module's internal grains are keyed.</summary>
internal static class WebhooksInternalGrainKeys
{
    public static IWebhookRegistryGrain GetWebhookRegistry(this IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>("all");

    public static IWebhookQueueGrain GetWebhookQueue(this IGrainFactory grains, string webhookId) => grains.GetGrain<IWebhookQueueGrain>(webhookId);
}
