using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Outbound change notifications (api.md, Partners and connectors): subscribe a receiver to event types, read its
/// deliveries. Routes only: the subscriptions and their queues are the Webhooks module's (<see cref="IWebhookGrain"/>).
/// The admin's alone: a webhook receives every event of its types platform-wide (any employer's tier moves, any charter's
/// publish), and its url is an address the platform will call.
/// </summary>
internal static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder v1)
    {
        var webhooks = v1.MapGroup("/webhooks").WithTags("Webhooks");

        // 201 {id, secret}: the secret (whsec_…) is shown only in this answer, so the answer is never kept for an
        // Idempotency-Key (a retry makes another webhook; deliveries of one event carry the same webhook-id to both).
        webhooks.MapPost("", async (JsonElement body, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                if (RequestBody.NotAnObject(body, "{url, events: [..]}") is { } notAnObject)
                {
                    return notAnObject;
                }

                var types = RequestBody.TextList(body, "events");
                var created = await grains.GetWebhook(Guid.NewGuid().ToString("N"))
                    .CreateAsync(new CreateWebhook(RequestBody.Text(body, "url"), types, $"key:{CallerClaims.From(user)?.KeyId}"));
                http.Audit().Summary = created.Value is { } webhook
                    ? $"subscribed webhook {webhook.Id} to {string.Join(", ", types ?? [])}"
                    : null;
                return created.ToResult(w => Results.Created($"/api/v1/webhooks/{w.Id}/deliveries", new { id = w.Id, secret = w.Secret }));
            })
            .AnswersASecretOnce()
            .WithName("createWebhook")
            .WithSummary("Subscribe a receiver to event types; answers its id and signing secret, shown only here")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .RequireAdmin();

        webhooks.MapGet("/{id}/deliveries", async (string id, IGrainFactory grains) =>
                WebhooksGrainKeys.IsWebhookId(id)
                    ? (await grains.GetWebhook(id).GetDeliveriesAsync()).ToResult()
                    : Problem.NotFound("webhook", id).ToProblem())
            .WithName("listWebhookDeliveries")
            .WithSummary("A webhook's deliveries, newest first: event id and type, attempts, status (pending, delivered, failed), last attempt")
            .Produces<IReadOnlyList<WebhookDelivery>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAdmin();

        return v1;
    }
}
