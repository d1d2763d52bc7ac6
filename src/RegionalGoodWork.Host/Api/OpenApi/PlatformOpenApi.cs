using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegionalGoodWork.Host.Api.Idempotency;

namespace RegionalGoodWork.Host.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, written for a partner's client generator: what the API is, where it
/// listens, its API-key scheme and which operations need it (<see cref="AccessInOpenApi"/>), the problems each operation
/// can answer (<see cref="ProblemsInOpenApi"/>), the <c>Idempotency-Key</c> header (<see cref="IdempotencyKeyInOpenApi"/>).
/// Every route names its own <c>operationId</c> (<c>.WithName</c>) and summary (<c>.WithSummary</c>). Kept to Redocly's
/// recommended rules by <c>OpenApiTests</c> (tools/openapi-lint).
/// </summary>
internal static class PlatformOpenApi
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<PlatformDocumentInOpenApi>();
            o.AddOperationTransformer<AccessInOpenApi>();
            o.AddOperationTransformer<ProblemsInOpenApi>();
            o.AddOperationTransformer<IdempotencyKeyInOpenApi>();
        });
}

/// <summary>The document's own description: title, version, what the API is for, where it listens, and what each tag groups.</summary>
internal sealed class PlatformDocumentInOpenApi : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Taxonomy"] = "The ten shared good-work principles and the canonical evidence kinds every charter is mapped onto. Reads are public.",
        ["Charters"] = "Versioned, tiered charters: drafts, publishing, members, what-if assessment and side-by-side alignment. Reads are public.",
        ["Places"] = "Councils (local authorities) and regions, their good-work indicators, official ONS figures and the Good Work index. Reads are public.",
        ["Employers"] = "An employer's profile and sites, its evidence locker, its charter memberships and the evidence still needed.",
        ["Partners"] = "The inbound partner API: a partner pushes the evidence it is trusted to verify.",
        ["Access"] = "API keys (issued with a role and a scope, shown once, revocable) and the caller itself.",
        ["Webhooks"] = "Outbound change notifications, signed as Standard Webhooks and retried from a durable queue: subscriptions and their deliveries.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "RegionalGoodWork API",
            Version = "v1",
            Description =
                "The shared platform on which a combined authority runs its councils' good-work charters: employers report each fact " +
                "once and it counts in every charter they belong to; charters are aligned side by side; what employers report, with " +
                "official ONS figures, becomes good-work indicators per council and region. Errors are RFC 9457 " +
                "application/problem+json. Callers authenticate with an API key in the X-Api-Key header; public reads need none.",
        };

        // The framework names the address the document was fetched from, ending in '/': a client appends "/api/v1/…" to it.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        // Transformers add responses one concern at a time; a reader finds them in status order.
        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) ?? [])
        {
            if (operation.Responses is { Count: > 1 } responses)
            {
                var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                responses.Clear();
                foreach (var (status, response) in ordered)
                {
                    responses.Add(status, response);
                }
            }
        }

        return Task.CompletedTask;
    }
}
