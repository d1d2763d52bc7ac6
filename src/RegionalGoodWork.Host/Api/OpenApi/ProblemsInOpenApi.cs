using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegionalGoodWork.Host.Api.OpenApi;

/// <summary>
/// Declares the problems every route can answer by the way the platform works, so no route lists them by hand: a body
/// over <c>Api:MaxBodyBytes</c> is 413 (Kestrel); a JSON body missing or not JSON is 400, sent as another media type 415
/// (<see cref="ApiRequestGate"/>); a query value that does not parse is 400 (<see cref="ApiExceptionHandler"/>); and any
/// operation answers 503 with <c>Retry-After</c> while storage or a silo is out (<see cref="Outages"/>). What only a route
/// knows (an unknown id's 404, a conflict's 409, a refused document's 400) it declares itself with <c>.ProducesProblem</c>.
/// </summary>
internal sealed class ProblemsInOpenApi : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;

        if (operation.RequestBody is not null)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge,
                "The body is larger than the platform accepts; nothing was changed.", cancellationToken);
        }

        if (metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Any(IsJson)))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest,
                "The body is missing, not JSON, or not of this operation's shape; `errors` names each field to change. Nothing was changed.",
                cancellationToken);
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status415UnsupportedMediaType,
                "The body was sent as another media type than application/json; nothing was changed.", cancellationToken);
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query && p.Type is { } t && t != typeof(string)))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest,
                "A query value could not be read (e.g. a year that is not a number); `errors` names it.", cancellationToken);
        }

        var unavailable = await ProblemResponses.AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
            "The platform cannot reach its storage or one of its silos just now; nothing was changed. Retry after the Retry-After seconds.",
            cancellationToken);
        unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
        unavailable.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
        };
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Adds a problem+json response to an operation, unless the operation already declares that status.</summary>
internal static class ProblemResponses
{
    public const string MediaType = "application/problem+json";

    /// <summary>The response for <paramref name="status"/>: the one already declared (kept as the route wrote it), or a new one.</summary>
    public static async Task<OpenApiResponse> AddAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            return declared;
        }

        var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [MediaType] = new() { Schema = await SchemaAsync(context, type, cancellationToken) },
            },
        };
        operation.Responses[key] = response;
        return response;
    }

    /// <summary>One component per problem type, shared with the routes' own <c>.ProducesProblem</c> responses.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(type.Name))
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
