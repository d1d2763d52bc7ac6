using System.Security.Cryptography;
using System.Text;

namespace RegionalGoodWork.Host.Api;

/// <summary>The platform admin key (<c>Auth:AdminApiKey</c>); compared in constant time.</summary>
internal sealed class AdminKey(string? key)
{
    public bool IsConfigured => !string.IsNullOrEmpty(key);

    public bool Matches(string? presented) =>
        IsConfigured && presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key!));
}
