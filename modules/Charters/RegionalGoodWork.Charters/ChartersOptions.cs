using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Charters;

/// <summary>Configuration of the Charters module (section <c>Modules:Charters</c>).</summary>
internal sealed record ChartersOptions
{
    public const string Section = "Modules:Charters";

    /// <summary><c>Modules:Charters:SeedDemo</c>: load and publish the shipped demo charters at silo start (default true).</summary>
    public bool SeedDemo { get; init; } = true;

    /// <summary>
    /// <c>Modules:Charters:MemberIndexWriteDelay</c>: member index changes are written behind, coalesced, at most this
    /// long after the first unsaved change (default 00:00:02; 00:00:00 writes every change at once).
    /// </summary>
    public TimeSpan MemberIndexWriteDelay { get; init; } = TimeSpan.FromSeconds(2);

    public static ChartersOptions From(IConfiguration configuration)
    {
        var defaults = new ChartersOptions();
        var seed = configuration[$"{Section}:SeedDemo"];
        var delay = configuration[$"{Section}:MemberIndexWriteDelay"];
        return new ChartersOptions
        {
            SeedDemo = seed is null ? defaults.SeedDemo : bool.Parse(seed),
            MemberIndexWriteDelay = delay is null ? defaults.MemberIndexWriteDelay : TimeSpan.Parse(delay, CultureInfo.InvariantCulture),
        };
    }
}
