using System.Globalization;

namespace RegionalGoodWork.Portal.Components;

/// <summary>How charter words read on a page.</summary>
public static class CharterText
{
    /// <summary>A tier's id as a name: "accredited" → "Accredited".</summary>
    public static string Tier(string tier) =>
        string.IsNullOrEmpty(tier) ? tier : char.ToUpper(tier[0], CultureInfo.InvariantCulture) + tier[1..].Replace('-', ' ');

    public static string Members(int n) => n == 1 ? "1 member" : n.ToString("#,##0", CultureInfo.InvariantCulture) + " members";
}
