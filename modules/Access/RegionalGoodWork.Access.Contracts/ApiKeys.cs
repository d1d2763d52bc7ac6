using System.Diagnostics.CodeAnalysis;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access.Contracts;

/// <summary>A request for a new API key.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.issue-api-key")]
public sealed record IssueApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] AccessScope Scope,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string IssuedBy);

/// <summary>A key as listed: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.api-key-view")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] AccessScope Scope,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] DateTimeOffset? RevokedAt);

/// <summary>A key just issued: the whole key is in <see cref="Key"/>, shown this once and stored nowhere.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.issued-api-key")]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyView View, [property: Id(1)] string Key);

/// <summary>
/// The shape of a key: <c>rgw_</c>, a 16-hex-digit id (visible, names the key in lists and logs), <c>_</c>, then the
/// secret (43 characters of base64url: 256 random bits). Only the id is ever stored or logged as it is.
/// </summary>
public static class ApiKeyToken
{
    public const string Prefix = "rgw_";

    public const int IdLength = 16;

    public const int SecretLength = 43;

    public static string Format(string id, string secret) => $"{Prefix}{id}_{secret}";

    /// <summary>Splits a presented key; false when it does not have the shape of one of ours.</summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? secret)
    {
        (id, secret) = (null, null);
        if (presented is null || presented.Length != Prefix.Length + IdLength + 1 + SecretLength
            || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var idPart = presented.Substring(Prefix.Length, IdLength);
        var secretPart = presented[(Prefix.Length + IdLength + 1)..];
        if (!idPart.All(char.IsAsciiHexDigitLower) || !secretPart.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        (id, secret) = (idPart, secretPart);
        return true;
    }
}

/// <summary>One API key: issued once, verified on every request that presents it, revoked at once for every silo.</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Verifies a presented secret; the caller it stands for, or null (unknown, wrong, revoked or expired).</summary>
    Task<Caller?> VerifyAsync(string secret);

    Task<Outcome<ApiKeyView>> GetAsync();

    /// <summary>Revokes the key; it answers as unknown from then on. Revoking twice changes nothing.</summary>
    Task<Outcome<ApiKeyView>> RevokeAsync(string revokedBy);
}

/// <summary>Issues keys and lists them.</summary>
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    Task<Outcome<IssuedApiKey>> IssueAsync(IssueApiKey command);

    Task<IReadOnlyList<ApiKeyView>> ListAsync();
}

public static class AccessGrainKeys
{
    public const string Directory = "keys";

    public static IApiKeyGrain GetApiKey(this IGrainFactory grains, string id) => grains.GetGrain<IApiKeyGrain>(id);

    public static IApiKeyDirectoryGrain GetApiKeyDirectory(this IGrainFactory grains) => grains.GetGrain<IApiKeyDirectoryGrain>(Directory);

    public static ISignInLinkGrain GetSignInLink(this IGrainFactory grains, string id) => grains.GetGrain<ISignInLinkGrain>(id);

    public static ISessionGrain GetSession(this IGrainFactory grains, string id) => grains.GetGrain<ISessionGrain>(id);

    /// <summary>The people known by an e-mail address (trimmed, lower case).</summary>
    public static IPersonByEmailGrain GetPersonByEmail(this IGrainFactory grains, string email) =>
        grains.GetGrain<IPersonByEmailGrain>(email.Trim().ToLowerInvariant());

    public static IDataProtectionKeysGrain GetDataProtectionKeys(this IGrainFactory grains) => grains.GetGrain<IDataProtectionKeysGrain>("key-ring");

    public static ISignInLinksGrain GetSignInLinks(this IGrainFactory grains) => grains.GetGrain<ISignInLinksGrain>("links");

    /// <summary>An employer's private calendar feed address, keyed by the (normalized) employer id.</summary>
    public static ICalendarFeedGrain GetCalendarFeed(this IGrainFactory grains, string employerId) => grains.GetGrain<ICalendarFeedGrain>(employerId);

    /// <summary>A resource's audit trail, keyed by the resource's name (<see cref="AuditResources"/>).</summary>
    public static IAuditTrailGrain GetAuditTrail(this IGrainFactory grains, string resource) => grains.GetGrain<IAuditTrailGrain>(resource);
}
