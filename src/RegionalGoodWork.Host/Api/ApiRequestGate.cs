using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Runs after routing, before any endpoint binds its parameters: checks the admin key of <see cref="AdminOnly"/> routes
/// (401), then, on routes that take a JSON body, that one was sent (400) as JSON (415). A body sent without a
/// Content-Type is read as JSON. Every refusal is a problem+json that names what to change, and nothing runs behind it.
/// </summary>
internal sealed class ApiRequestGate(RequestDelegate next, AdminKey admin)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        if (endpoint.Metadata.GetMetadata<AdminOnly>() is not null && CheckKey(context.Request) is { } unauthorized)
        {
            await unauthorized.ToProblem().ExecuteAsync(context);
            return;
        }

        if (TakesJson(endpoint) && CheckJsonBody(context) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private Problem? CheckKey(HttpRequest request)
    {
        var presented = request.Headers[AdminOnly.Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return new Problem(ProblemKind.Unauthorized, "API key required", $"Send the admin key in the {AdminOnly.Header} header.");
        }

        return admin.Matches(presented) ? null : new Problem(ProblemKind.Unauthorized, "Unknown API key", "The key presented is not known.");
    }

    private static bool TakesJson(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts &&
        accepts.ContentTypes.Any(t => IsJson(t));

    private static IResult? CheckJsonBody(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody || request.ContentLength == 0)
        {
            return ApiResults.Invalid("$", "A JSON body is required; see /openapi/v1.json for this route's shape.");
        }

        if (string.IsNullOrEmpty(request.ContentType))
        {
            request.ContentType = "application/json";
            return null;
        }

        return IsJson(request.ContentType)
            ? null
            : Results.Problem(
                $"The body was sent as '{request.ContentType}'; send it as application/json.",
                title: "Unsupported media type",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                type: "https://regionalgoodwork.example/problems/unsupported-media-type");
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
}
