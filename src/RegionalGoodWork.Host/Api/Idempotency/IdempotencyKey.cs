using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using RegionalGoodWork.Host.Access;

namespace RegionalGoodWork.Host.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header: what a valid one is, the scope a key is remembered in (caller, method, path,
/// key — the grain key of <see cref="IIdempotencyGrain"/>) and the fingerprint that tells a replay from another request.
/// </summary>
internal static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set (<c>true</c>) on an answer that is a replay of the first one.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 255;

    /// <summary>
    /// The key sent, or why it cannot be one: exactly one header of 1–255 printable ASCII characters (space to tilde).
    /// A value wholly in double quotes — the structured-field string form of the IETF draft — is taken without them, so
    /// <c>"abc"</c> and <c>abc</c> are the same key.
    /// </summary>
    public static (string? Key, string? Error) Read(StringValues values)
    {
        if (values.Count != 1)
        {
            return (null, $"Send one {Header} header, not {values.Count}.");
        }

        var key = values[0] ?? string.Empty;
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }

        if (key.Length is 0 or > MaxLength)
        {
            return (null, $"An {Header} is 1 to {MaxLength} characters long; this one has {key.Length}.");
        }

        return key.All(c => c is >= ' ' and <= '~')
            ? (key, null)
            : (null, $"An {Header} holds printable ASCII characters only (space to ~), e.g. a UUID.");
    }

    /// <summary>
    /// Who is asking, as far as keys go: the authenticated caller's key id (an issued key's visible id, or <c>admin</c> for
    /// the configured admin key — never a secret), or <c>anonymous</c>. Keys are per caller, so two callers never see each
    /// other's answers, and a key keeps its answers across silos.
    /// </summary>
    public static string CallerOf(HttpContext context) => CallerOf(CallerClaims.From(context.User)?.KeyId);

    /// <inheritdoc cref="CallerOf(HttpContext)"/>
    public static string CallerOf(string? keyId) => string.IsNullOrEmpty(keyId) ? "anonymous" : "key:" + keyId;

    /// <summary>
    /// The scope a key is remembered in: SHA-256 (hex) of caller, method, path and key. Only the path may hold a line
    /// break (a decoded <c>%0A</c>), and it sits between parts that cannot, so no two scopes share an input.
    /// </summary>
    public static string Scope(string caller, string method, string path, string key) =>
        Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{method}\n{path}\n{key}")));

    /// <summary>SHA-256 (hex) of the query string and the body bytes as sent: any difference is another request.</summary>
    public static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(request.QueryString.Value ?? string.Empty));
        hash.AppendData([0]);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Hex(hash.GetHashAndReset());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
