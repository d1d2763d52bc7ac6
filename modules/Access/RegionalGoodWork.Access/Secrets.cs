using System.Security.Cryptography;
using System.Text;

namespace RegionalGoodWork.Access;

/// <summary>The one way this module makes and keeps secrets: 256 random bits shown once, stored as a salted SHA-256.</summary>
internal static class Secrets
{
    /// <summary>A new secret: 43 characters of base64url.</summary>
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    /// <summary>A new random visible id of <paramref name="hexDigits"/> lowercase hex digits.</summary>
    public static string NewId(int hexDigits) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(hexDigits / 2));

    public static byte[] HashOf(byte[] salt, string secret) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);

    /// <summary>Whether a presented secret is the one whose hash is kept (constant time).</summary>
    public static bool Matches(byte[] salt, byte[] hash, string presented) => hash.Length > 0 && CryptographicOperations.FixedTimeEquals(HashOf(salt, presented), hash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
