using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace RegionalGoodWork.Webhooks;

/// <summary>Registers the Webhooks module in a silo. The one public type of the module.</summary>
public static class WebhooksModule
{
    public static ISiloBuilder AddWebhooksModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.AddWebhooksOptions(configuration);
        services.AddSingleton<WebhookSender>();

        // One client for every receiver: each attempt times out on its own; a redirect is an answer (not delivered), never
        // followed; no retry here, the webhook's durable queue retries with backoff.
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhooksOptions>>().Value.AttemptTimeout));
        return silo;
    }
}
