using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Runs after routing and authorization (Access/: a route's key was checked first, 401/403), before any endpoint binds
/// its parameters: on routes that take a JSON body, that one was sent (400) as JSON (415). A body sent without a
/// Content-Type is read as JSON. Every refusal is a problem+json that names what to change, and nothing runs behind it.
/// </summary>
internal sealed class ApiRequestGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        // A route with its own body limit (the streamed import) sets it before anything reads the body.
        if (endpoint.Metadata.GetMetadata<ImportBodyLimit>() is { MaxRequestBodySize: { } limit }
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        // A browser session's write must prove it came from the platform's own page (its antiforgery token), since the
        // browser sends the cookie whoever made the request. Keys are not sent by browsers on their own.
        if (Sessions.IsSession(context.User) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && !await antiforgery.IsRequestValidAsync(context))
        {
            await new Problem(ProblemKind.Forbidden, "Antiforgery token required",
                    $"A change made with a browser session must carry the page's antiforgery token in the {Sessions.AntiforgeryHeader} header. Nothing was changed.")
                .ToProblem().ExecuteAsync(context);
            return;
        }

        if (JsonBody(endpoint) is { } accepts && CheckJsonBody(context, accepts.IsOptional) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>The route's JSON body metadata, or null when it takes none.</summary>
    private static IAcceptsMetadata? JsonBody(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts && accepts.ContentTypes.Any(t => IsJson(t)) ? accepts : null;

    /// <summary>A refusal, or null. A route whose body is optional (<c>Accepts&lt;T&gt;(isOptional: true, …)</c>) may be sent none.</summary>
    private static IResult? CheckJsonBody(HttpContext context, bool optional)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody || request.ContentLength == 0)
        {
            return optional ? null : ApiResults.Invalid("$", "A JSON body is required; see /openapi/v1.json for this route's shape.");
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
