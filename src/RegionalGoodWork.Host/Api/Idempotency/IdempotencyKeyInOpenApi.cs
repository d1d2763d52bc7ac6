using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegionalGoodWork.Host.Api.OpenApi;

namespace RegionalGoodWork.Host.Api.Idempotency;

/// <summary>
/// Lists the optional <c>Idempotency-Key</c> header on every operation <see cref="IdempotencyGate"/> honours it on, and the
/// answers the gate gives of its own: 400 for a malformed key, 409 for a key reused with another body or still running.
/// </summary>
internal sealed class IdempotencyKeyInOpenApi : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (!string.Equals(description.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase) || metadata.OfType<IdempotencyKeyIgnored>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKey.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the request safe to retry: a replay within 24 hours (same caller, route and body) answers as the first " +
                          "time, with Idempotent-Replayed: true, and stores nothing again; the same key with another body answers 409, " +
                          "as does a replay while the first is still running. 1–255 printable ASCII characters, e.g. a UUID.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
        });
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest,
            "Idempotency-Key is malformed (empty, longer than 255, not printable ASCII, or sent twice); nothing ran.", cancellationToken);
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status409Conflict,
            "Idempotency-Key was used before with another body, or its first request is still running (Retry-After); nothing ran.", cancellationToken);
    }
}
