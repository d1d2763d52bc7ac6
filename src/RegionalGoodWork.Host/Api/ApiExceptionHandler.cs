using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Turns the framework's refusals of a request (a body that is not JSON or not of the route's shape, a query value that
/// does not parse, a body over the size limit) into problem+json that says what was wrong, with <c>errors</c> naming the
/// field. Anything else is left to the default handler: a 500 whose detail reveals nothing but the trace id.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail, field, message) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad =>
                (bad.StatusCode, "The body is not valid JSON of this route's shape.", "$", $"Not valid JSON here: {json.Message}"),
            BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } m =>
                (bad.StatusCode, $"The query or route value '{m.Groups["value"].Value}' of '{m.Groups["name"].Value}' could not be read.",
                    m.Groups["name"].Value, $"'{m.Groups["value"].Value}' is not a valid value."),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message, null, null),
            JsonException json => (StatusCodes.Status400BadRequest, "The body is not valid JSON.", "$", $"Not valid JSON: {json.Message}"),
            _ => (0, null, null, null),
        };
        if (status == 0 && Outages.IsOutage(exception))
        {
            return await OutageAsync(context, exception);
        }

        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Invalid input",
            },
            Detail = detail,
            Type = status == StatusCodes.Status400BadRequest ? "https://regionalgoodwork.example/problems/invalid-input" : null,
        };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message!] };
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private async ValueTask<bool> OutageAsync(HttpContext context, Exception exception)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)Outages.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable",
            Detail = $"The platform cannot reach its storage or one of its silos just now; nothing was changed. Retry in {(int)Outages.RetryAfter.TotalSeconds} seconds.",
            Type = "https://regionalgoodwork.example/problems/unavailable",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The framework's "Failed to bind parameter "{type} {name}" from "{value}"." (RequestDelegateFactory).</summary>
    [GeneratedRegex("""parameter "(?:[^"]*\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>[^"]*)"\.?""")]
    private static partial Regex BindFailure();
}
