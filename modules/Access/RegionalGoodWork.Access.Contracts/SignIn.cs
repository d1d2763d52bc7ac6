using System.Diagnostics.CodeAnalysis;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access.Contracts;

/// <summary>An invitation for a person: a one-time sign-in link for that role and scope, usable until it expires.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.issue-sign-in-link")]
public sealed record IssueSignInLink(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] AccessScope Scope,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuedBy,
    [property: Id(5)] string? Email = null);

/// <summary>A link just issued: <see cref="Token"/> (its id and secret) is shown this once and stored nowhere.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.issued-sign-in-link")]
public sealed record IssuedSignInLink([property: Id(0)] string Id, [property: Id(1)] string Token, [property: Id(2)] DateTimeOffset ExpiresAt);

/// <summary>Who an invitation is for and where it stands (its landing page shows it to whoever holds the link).</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.sign-in-link-view")]
public sealed record SignInLinkView(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] AccessScope Scope,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] bool Usable,
    [property: Id(5)] string? Id = null,
    [property: Id(6)] string? Email = null,
    [property: Id(7)] DateTimeOffset? AcceptedAt = null,
    [property: Id(8)] DateTimeOffset? RevokedAt = null);

/// <summary>
/// A person's session: the caller it acts as (key id <c>person-&lt;link id&gt;</c>: a person is the invitation it accepted),
/// the person's name, until when, and the session's own id (<see cref="ISessionGrain"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.access.person-session")]
public sealed record PersonSession(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset EndsAt,
    [property: Id(3)] string SessionId);

/// <summary>
/// The shape of a sign-in link's token: a 16-hex-digit id, <c>.</c>, then the secret (43 characters of base64url). Only
/// a salted hash of the secret is stored.
/// </summary>
public static class SignInLinkToken
{
    public const int IdLength = 16;

    public const int SecretLength = 43;

    /// <summary>The key id a person's session acts under (audit, rate limits, Idempotency-Key scopes).</summary>
    public static string PersonId(string linkId) => $"person-{linkId}";

    public static string Format(string id, string secret) => $"{id}.{secret}";

    public static bool TryParse(string? token, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? secret)
    {
        (id, secret) = (null, null);
        if (token is null || token.Length != IdLength + 1 + SecretLength || token[IdLength] != '.')
        {
            return false;
        }

        var idPart = token[..IdLength];
        var secretPart = token[(IdLength + 1)..];
        if (!idPart.All(char.IsAsciiHexDigitLower) || !secretPart.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        (id, secret) = (idPart, secretPart);
        return true;
    }
}

/// <summary>
/// One sign-in link (an invitation), keyed by its id: it is accepted once — by its link, or, where it names an e-mail
/// address, by that person signing in through the configured OpenID Connect provider (<see cref="IPersonByEmailGrain"/>);
/// a second use, or a use after it expired, answers null.
/// </summary>
public interface ISignInLinkGrain : IGrainWithStringKey
{
    /// <summary>Who the link is for, when <paramref name="secret"/> is its secret; null otherwise.</summary>
    Task<SignInLinkView?> PeekAsync(string secret);

    /// <summary>Uses the link: the session it starts, stored before it answers; null when unknown, wrong, used, expired or revoked.</summary>
    Task<PersonSession?> RedeemAsync(string secret);

    /// <summary>The invitation as those who manage it see it (never its secret); null when unknown.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SignInLinkView?> GetAsync();

    /// <summary>
    /// Takes the invitation back: its link, and its e-mail address through OpenID Connect, start nothing from now on, and
    /// every session it started ends. Idempotent; null when unknown.
    /// </summary>
    Task<SignInLinkView?> RevokeAsync(string revokedBy);
}

/// <summary>
/// One browser session, keyed by its random id: it lasts <see cref="SignInLinks.SessionLifetime"/> or until signed out,
/// and is checked on every request, so signing out holds at once on every silo.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<bool> IsActiveAsync();

    /// <summary>Ends the session (idempotent).</summary>
    Task SignOutAsync();
}

/// <summary>
/// The people known by an e-mail address (key: the address, lower case) for OpenID Connect sign-in: the first time, the
/// newest invitation naming the address that is still open is accepted; from then on the person it made signs in as
/// that invitation's role and scope. Null when the address has no such invitation.
/// </summary>
public interface IPersonByEmailGrain : IGrainWithStringKey
{
    Task<PersonSession?> SignInAsync();
}

/// <summary>Issues sign-in links (checks the request, picks a fresh id, has the link grain store it).</summary>
public interface ISignInLinksGrain : IGrainWithStringKey
{
    Task<Outcome<IssuedSignInLink>> IssueAsync(IssueSignInLink command);
}

public static class SignInLinks
{
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(24);

    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(7);

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);
}

/// <summary>
/// The platform's ASP.NET Core data-protection key ring (XML elements, as the framework writes them), in the platform's
/// database: every silo protects and reads session and antiforgery cookies with the same keys.
/// </summary>
public interface IDataProtectionKeysGrain : IGrainWithStringKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> GetAllAsync();

    /// <summary>Adds an element (a key, or a revocation); one already held under <paramref name="name"/> is kept as it is.</summary>
    Task StoreAsync(string name, string xml);
}
