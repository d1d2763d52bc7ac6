using System.Text.Json.Serialization;

namespace RegionalGoodWork.Access.Contracts;

/// <summary>Who did or saw something: the key (or person) id and the role it acted in.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.audit-actor")]
public sealed record AuditActor([property: Id(0)] string KeyId, [property: Id(1)] string Role);

/// <summary>
/// One line of a resource's audit trail (api.md, Access): a write, or a read of an employer's private data by someone other
/// than the employer. <see cref="Sequence"/> numbers a resource's entries from 1, in the order they were recorded;
/// <see cref="Action"/> is the request (<c>POST /api/v1/employers/acme/evidence</c>), <see cref="Kind"/> <c>write</c> or
/// <c>read</c>, <see cref="Summary"/> what changed (before → after where the route says) or what was seen.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.access.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] AuditActor Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Resource,
    [property: Id(5)] string Summary,
    [property: Id(6)] string Kind,
    [property: Id(7)] int Status);

/// <summary>What to record: an entry before the trail numbers and dates it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.record-audit")]
public sealed record RecordAudit(
    [property: Id(0)] AuditActor Actor,
    [property: Id(1)] string Action,
    [property: Id(2)] string Summary,
    [property: Id(3)] string Kind,
    [property: Id(4)] int Status);

/// <summary>A page of a trail, newest first; <see cref="Next"/> is the <c>before</c> of the following page (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.audit-page")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Next);

public static class AuditKinds
{
    public const string Write = "write";

    public const string Read = "read";
}

/// <summary>
/// One resource's audit trail (keyed by the resource, e.g. <c>/api/v1/employers/acme</c>: <see cref="AuditResources"/>):
/// append-only — there is no method that changes or removes an entry. Old entries move into sealed segments of a fixed
/// size, so a long trail costs each append the same.
/// </summary>
public interface IAuditTrailGrain : IGrainWithStringKey
{
    /// <summary>Records an entry; answers it numbered and dated. Stored before it returns.</summary>
    Task<AuditEntry> RecordAsync(RecordAudit entry);

    /// <summary>Up to <paramref name="limit"/> entries older than <paramref name="before"/> (a sequence; null: the newest), newest first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<AuditPage> ReadAsync(int limit, long? before);
}

/// <summary>How a resource is named in the audit: <c>/api/v1/{collection}</c> or <c>/api/v1/{collection}/{id}</c>.</summary>
public static class AuditResources
{
    public const int MaxLength = 300;

    public const int MaxPage = 1000;

    /// <summary>True for a name of the form above (ASCII letters, digits, <c>-_.</c> in each part).</summary>
    public static bool IsValid(string? resource)
    {
        if (resource is null || resource.Length > MaxLength || !resource.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = resource["/api/v1/".Length..].Split('/');
        return parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }
}
