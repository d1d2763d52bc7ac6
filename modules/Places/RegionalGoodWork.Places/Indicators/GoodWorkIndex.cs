using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>A council's indicators for the year scored and for the year before.</summary>
internal sealed record IndexInput(PlaceRef LocalAuthority, IReadOnlyList<Indicator> Year, IReadOnlyList<Indicator> PreviousYear);

/// <summary>
/// The Good Work index (method in modules/Places/README.md): each component indicator is oriented so higher is
/// better and standardised within the region (z-score across the region's councils that have a value); a council's
/// principle score is the mean of its z-scores under that principle; its index is the mean of its principle
/// scores, so principles weigh equally whatever the number of indicators behind them. Ranks are within the region.
/// The change from the previous year compares scores computed over the indicators usable in both years only.
/// </summary>
internal static class GoodWorkIndex
{
    /// <summary>Component indicators: the scored entries of <see cref="IndicatorDefinitions"/>. Others are not part of the index.</summary>
    public static readonly IReadOnlyDictionary<string, IndicatorDefinition> Components =
        IndicatorDefinitions.All.Where(d => d.Scored).ToDictionary(d => d.Id, StringComparer.Ordinal);

    private sealed record Score(double? Value, IReadOnlyDictionary<string, double> Principles, IReadOnlyList<string> Used);

    public static List<GoodWorkIndexEntry> Compute(IReadOnlyList<IndexInput> localAuthorities)
    {
        ArgumentNullException.ThrowIfNull(localAuthorities);
        var thisYear = localAuthorities.Select(c => Oriented(c.Year)).ToList();
        var lastYear = localAuthorities.Select(c => Oriented(c.PreviousYear)).ToList();
        var usableNow = Usable(thisYear);
        var common = usableNow.Intersect(Usable(lastYear)).ToHashSet(StringComparer.Ordinal);

        var scores = Scores(thisYear, usableNow);
        var nowComparable = Scores(thisYear, common);
        var thenComparable = Scores(lastYear, common);

        var rounded = scores.Select(s => s.Value is { } v ? Math.Round((decimal)v, 3, MidpointRounding.AwayFromZero) : (decimal?)null).ToList();
        var entries = localAuthorities.Select((c, i) =>
        {
            int? rank = rounded[i] is { } mine ? 1 + rounded.Count(o => o > mine) : null;
            decimal? change = nowComparable[i].Value is { } now && thenComparable[i].Value is { } then
                ? Math.Round((decimal)(now - then), 3, MidpointRounding.AwayFromZero)
                : null;
            return new GoodWorkIndexEntry(c.LocalAuthority.Code, c.LocalAuthority.Name, rounded[i], rank, change,
                scores[i].Principles.ToDictionary(p => p.Key, p => Math.Round((decimal)p.Value, 3, MidpointRounding.AwayFromZero), StringComparer.Ordinal),
                scores[i].Used);
        });
        return entries.OrderBy(e => e.Rank ?? int.MaxValue).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, double> Oriented(IReadOnlyList<Indicator> indicators) =>
        indicators.Where(i => i.Value is not null && !i.Suppressed && Components.ContainsKey(i.Id))
            .ToDictionary(i => i.Id, i => Components[i.Id].Orient(i.Value!.Value), StringComparer.Ordinal);

    /// <summary>Indicators at least two councils have, with some spread (a z-score needs both).</summary>
    private static HashSet<string> Usable(List<Dictionary<string, double>> values) =>
        Components.Keys.Where(id =>
        {
            var xs = values.Where(v => v.ContainsKey(id)).Select(v => v[id]).ToList();
            return xs.Count >= 2 && StandardDeviation(xs) > 1e-12;
        }).ToHashSet(StringComparer.Ordinal);

    private static List<Score> Scores(List<Dictionary<string, double>> values, IReadOnlySet<string> ids)
    {
        var stats = ids.ToDictionary(id => id, id =>
        {
            var xs = values.Where(v => v.ContainsKey(id)).Select(v => v[id]).ToList();
            return (Mean: xs.Average(), Sd: StandardDeviation(xs));
        }, StringComparer.Ordinal);

        return values.Select(v =>
        {
            var z = v.Where(x => ids.Contains(x.Key)).Select(x => (Id: x.Key, Z: (x.Value - stats[x.Key].Mean) / stats[x.Key].Sd)).ToList();
            var principles = z.GroupBy(x => Components[x.Id].Principle!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Average(x => x.Z), StringComparer.Ordinal);
            return new Score(principles.Count == 0 ? null : principles.Values.Average(), principles,
                z.Select(x => x.Id).Order(StringComparer.Ordinal).ToList());
        }).ToList();
    }

    private static double StandardDeviation(List<double> xs)
    {
        var mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / xs.Count);
    }
}
