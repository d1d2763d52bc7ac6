using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// What a route tells the audit about the request it ran (<see cref="AuditRecorder"/>): a summary of what changed
/// (before → after where it knows), and further resources the change touched (a partner's push touches each employer).
/// A route reaches it through <see cref="AuditNotesExtensions.Audit"/>; one that says nothing is recorded with a default.
/// </summary>
internal sealed class AuditNotes
{
    public const int MaxSummaryLength = 1000;

    public string? Summary { get; set; }

    public List<(string Resource, string Summary)> Also { get; } = [];
}

/// <summary>Marks a GET whose answer is an employer's private data: its reads by anyone but that employer are audited.</summary>
internal sealed class AuditsReadsMetadata;

internal static class AuditNotesExtensions
{
    /// <summary>The audit notes of this request (a sink nobody reads where the request is not audited).</summary>
    public static AuditNotes Audit(this HttpContext http) => http.Features.Get<AuditNotes>() ?? new AuditNotes();

    public static TBuilder AuditsReads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditsReadsMetadata());
}

/// <summary>
/// The append-only audit trail's recorder (api.md, Access; issue 9, item 5): every write an authenticated caller makes that
/// succeeds (2xx), and every read of an employer's private data (<see cref="AuditsReadsMetadata"/>) by anyone but that
/// employer, is recorded in the trail of the resource it touched (<see cref="ResourceOf"/>) — who (key id and role), what
/// (method and path), when (the platform clock), the route's summary. Refused and failed requests changed nothing and
/// are not recorded; neither is a replay under an <c>Idempotency-Key</c> (nothing ran). The entry is stored before the
/// answer's first byte leaves (<see cref="HttpResponse.OnStarting(Func{Task})"/>), so whoever sees the answer can find
/// it in the trail; if it cannot be stored then (storage down, a write whose answer was lost), the change has already
/// been made: the entry is written to the log instead (event 1201) and the answer goes out unchanged.
/// </summary>
internal sealed class AuditRecorder(RequestDelegate next, IGrainFactory grains, ILogger<AuditRecorder> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method);
        if (endpoint is null || CallerClaims.From(context.User) is not { } caller
            || !write && endpoint.Metadata.GetMetadata<AuditsReadsMetadata>() is null)
        {
            await next(context);
            return;
        }

        var notes = new AuditNotes();
        context.Features.Set(notes);
        context.Response.OnStarting(() => RecordAsync(context, caller, notes, write));
        await next(context);
    }

    private async Task RecordAsync(HttpContext context, Caller caller, AuditNotes notes, bool write)
    {
        var response = context.Response;
        if (response.StatusCode is < 200 or >= 300 || response.Headers.ContainsKey("Idempotent-Replayed"))
        {
            return;
        }

        var resource = ResourceOf(write && response.StatusCode == StatusCodes.Status201Created && response.Headers.Location.ToString() is { Length: > 0 } created
            ? created
            : context.Request.Path.Value ?? "/");
        if (!write && caller is { Role: Roles.Employer, Scope.EmployerId: { } own } && resource == ResourceOf($"/api/v1/employers/{own}"))
        {
            return; // an employer looking at its own locker
        }

        var action = $"{context.Request.Method} {context.Request.Path}";
        var kind = write ? AuditKinds.Write : AuditKinds.Read;
        var actor = new AuditActor(caller.KeyId, caller.Role);
        var entries = notes.Also.Prepend((resource, notes.Summary ?? DefaultSummary(write, response.StatusCode)))
            .Where(e => AuditResources.IsValid(e.Item1));
        foreach (var (target, summary) in entries)
        {
            var text = summary.Length <= AuditNotes.MaxSummaryLength ? summary : summary[..(AuditNotes.MaxSummaryLength - 1)] + "…";
            try
            {
                await grains.GetAuditTrail(target).RecordAsync(new RecordAudit(actor, action, text, kind, response.StatusCode));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                AuditLog.NotRecorded(logger, e, target, caller.KeyId, caller.Role, action, text);
            }
        }
    }

    /// <summary>
    /// The resource a path names, as the audit files it: <c>/api/v1/{collection}</c> and the id after it, if any — so the
    /// evidence, memberships and requests of an employer all fall under <c>/api/v1/employers/{id}</c>, and so does the
    /// portal's page of that employer (<c>/employers/{id}</c>). Employer ids are
    /// normalized as the Employers module does. A query string is ignored.
    /// </summary>
    public static string ResourceOf(string path)
    {
        var parts = path.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["employers", var page, ..])
        {
            return $"/api/v1/employers/{EmployerIds.Normalize(Uri.UnescapeDataString(page))}"; // the portal's employer page (/employers/{id}) reads and writes that locker
        }

        if (parts.Length < 3 || parts[0] != "api" || parts[1] != "v1")
        {
            return path;
        }

        var id = parts.Length > 3 ? parts[3] : null;
        if (parts[2] == "employers" && id is not null)
        {
            id = EmployerIds.Normalize(Uri.UnescapeDataString(id));
        }

        return id is null ? $"/api/v1/{parts[2]}" : $"/api/v1/{parts[2]}/{id}";
    }

    private static string DefaultSummary(bool write, int status) => write ? $"changed (answered {status})" : "read";
}
