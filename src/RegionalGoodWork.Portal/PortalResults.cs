using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using RegionalGoodWork.Portal.Components;

namespace RegionalGoodWork.Portal;

/// <summary>
/// How an endpoint answers with a page: a Razor component rendered to HTML on the server, with a status. Endpoints load
/// what the page shows (grain calls) and hand it to the component as parameters; components only render.
/// </summary>
public static class PortalResults
{
    /// <summary>The page <typeparamref name="TPage"/> with <paramref name="parameters"/> (an object whose properties name its parameters).</summary>
    public static IResult Page<TPage>(object? parameters = null, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters ?? new { }) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>
    /// A page in the portal's layout whose main content is ready-made HTML (the host's sign-in pages). The caller encodes
    /// every value it puts in <paramref name="mainHtml"/>.
    /// </summary>
    public static IResult Html(int status, string title, string mainHtml, string? section = null) =>
        Page<HtmlPage>(new { Title = title, Main = new MarkupString(mainHtml), Section = section }, status);

    /// <summary>A page saying one thing with a status: the sign-in page (401), a refusal (403), a form to send again (400).</summary>
    public static IResult Message(int status, string heading, string detail) =>
        Page<MessagePage>(new { Heading = heading, Detail = detail }, status);

    /// <summary>The portal's 404 page, saying what was not found and where to go instead.</summary>
    public static IResult NotFound(string title, string detail) =>
        Page<NotFoundPage>(new { Heading = title, Detail = detail }, StatusCodes.Status404NotFound);
}
