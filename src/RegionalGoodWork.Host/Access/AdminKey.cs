using System.Security.Cryptography;
using System.Text;

namespace RegionalGoodWork.Host.Access;

/// <summary>The platform admin key (<c>Auth:AdminApiKey</c>); compared in constant time.</summary>
internal sealed class AdminKey(string? key)
{
    /// <summary>How the configured admin key is named where a key id is shown (<c>/me</c>, logs, the audit).</summary>
    public const string Id = "admin";

    public bool IsConfigured => !string.IsNullOrEmpty(key);

    public bool Matches(string? presented) =>
        IsConfigured && presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key!));
}
