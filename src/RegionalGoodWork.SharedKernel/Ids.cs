using System.Text.RegularExpressions;

namespace RegionalGoodWork.SharedKernel;

/// <summary>
/// The one place that knows what a well-formed business id looks like. Patterns end in <c>\z</c>, not <c>$</c>, which
/// would also match before a final newline and let <c>E08000003\n</c> pass for a look-alike council.
/// </summary>
public static partial class Ids
{
    /// <summary>Lowercase slug: charters, employers, partners, connectors (<c>gm-gec</c>).</summary>
    public static bool IsSlug(string? id) => id is not null && id.Length <= 80 && SlugPattern().IsMatch(id);

    /// <summary>Evidence kind: dotted lowercase id (<c>pay.rlw-accredited</c>).</summary>
    public static bool IsKindId(string? id) => id is not null && id.Length <= 100 && KindPattern().IsMatch(id);

    /// <summary>ONS GSS code: a letter, two digits, six digits (<c>E08000003</c>, <c>E47000001</c>).</summary>
    public static bool IsGssCode(string? code) => code is not null && GssPattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\z")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]*(?:\\.[a-z0-9][a-z0-9-]*)+\\z")]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[EWSNK][0-9]{8}\\z")]
    private static partial Regex GssPattern();
}
