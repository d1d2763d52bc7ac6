using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Portal.Components;

namespace RegionalGoodWork.Portal.Pages;

/// <summary>A figure and the year it is for.</summary>
public sealed record YearFigure(int Year, Indicator Indicator);

/// <summary>A headline indicator of the region: its latest figure and its values over the years.</summary>
public sealed record Headline(string Id, YearFigure Latest, IReadOnlyList<(int Year, decimal Value)> Series);

/// <summary>One council's row: for each column, its latest figure (null: none in the years shown).</summary>
public sealed record CouncilRow(string Code, string Name, IReadOnlyDictionary<string, YearFigure?> Figures);

/// <summary>What a region's dashboard shows, loaded before it renders.</summary>
public sealed record RegionDashboard(
    RegionView Region,
    int Year,
    IReadOnlyList<Headline> Headlines,
    IReadOnlyList<string> Columns,
    IReadOnlyList<CouncilRow> Councils,
    int? IndexYear,
    IReadOnlyList<GoodWorkIndexEntry> Index,
    HexMap? Map)
{
    /// <summary>The council table's columns: the figures people compare councils on.</summary>
    public static readonly IReadOnlyList<string> CouncilColumns =
    [
        IndicatorIds.CharterEmployers, IndicatorIds.EmployeesCovered, IndicatorIds.ShareEmployeesAtRlwEmployers,
        IndicatorIds.EmploymentRate, IndicatorIds.MedianWeeklyPay,
    ];

    public string CsvHref => $"/api/v1/regions/{Region.Code}/indicators.csv?year={Year}";

    /// <summary>A line chart of each headline figure with more than one year (its data table: the trends table).</summary>
    public IReadOnlyList<ChartSpec> TrendCharts => trendCharts ??= Headlines.Where(h => h.Series.Count > 1).Select(TrendChart).ToList();

    private IReadOnlyList<ChartSpec>? trendCharts;

    /// <summary>The map's figure for each council as bars, highest first (its data table: the council table); null without a map.</summary>
    public ChartSpec? CouncilChart => councilChart ??= Map is null ? null : CouncilChartOf(Map.Indicator);

    private ChartSpec? councilChart;

    private static ChartSpec TrendChart(Headline h)
    {
        var years = Enumerable.Range(h.Series[0].Year, h.Series[^1].Year - h.Series[0].Year + 1).ToList();
        var label = IndicatorText.Label(h.Id);
        return new ChartSpec($"chart-trend-{h.Id}", ChartSpec.Line, $"{label}, {years[0]} to {years[^1]}", h.Latest.Indicator.Unit,
            years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            [new ChartSeries(label, years.Select(y => h.Series.FirstOrDefault(p => p.Year == y) is var p && p.Year == y ? p.Value : (decimal?)null).ToList())],
            "trends-table");
    }

    private ChartSpec? CouncilChartOf(string id)
    {
        var drawn = Councils
            .Select(c => (c.Name, Figure: c.Figures.GetValueOrDefault(id)))
            .Where(c => c.Figure is { Indicator: { Suppressed: false, Value: not null } })
            .OrderByDescending(c => c.Figure!.Indicator.Value)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var left = Councils.Count - drawn.Count;
        var title = $"{IndicatorText.Label(id)} by council" +
                    (left == 0 ? "" : $" ({left} {(left == 1 ? "council" : "councils")} withheld or without a figure not drawn)");
        return new ChartSpec("chart-councils", ChartSpec.Bar, title, drawn[0].Figure!.Indicator.Unit,
            drawn.Select(c => c.Name).ToList(), [new ChartSeries(IndicatorText.Label(id), drawn.Select(c => c.Figure!.Indicator.Value).ToList())],
            "council-table");
    }

    public bool AnySuppressed =>
        Headlines.Any(h => h.Latest.Indicator.Suppressed) || Councils.Any(c => c.Figures.Values.Any(f => f?.Indicator.Suppressed == true));

    internal static async Task<RegionDashboard> LoadAsync(RegionView region, string? mapIndicator, int year, IGrainFactory grains)
    {
        var grain = grains.GetRegion(region.Code);
        var years = Enumerable.Range(year - Years + 1, Years).ToArray();
        var outcomes = await Task.WhenAll(years.Select(grain.GetIndicatorsAsync));
        var sets = outcomes.Where(o => o.IsOk).Select(o => o.Value!).OrderByDescending(s => s.Year).ToList(); // newest first

        var headlines = HeadlineIds(sets).Select(id => HeadlineOf(id, sets)).OfType<Headline>().ToList();
        var councils = region.LocalAuthorities
            .Select(c => new CouncilRow(c.Code, c.Name, AllColumns(sets).ToDictionary(id => id, id => Latest(id, sets.Select(s => (s.Year, Council(s, c.Code)))))))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var (indexYear, index) = await IndexAsync(grain, years);
        var map = HexMap.Build(region, councils, mapIndicator);
        // The map's figures are in the table too: its indicator joins the columns when it is not one of them.
        IReadOnlyList<string> columns = map is null || CouncilColumns.Contains(map.Indicator) ? CouncilColumns : [.. CouncilColumns, map.Indicator];
        return new RegionDashboard(region, year, headlines, columns, councils, indexYear, index, map);
    }

    private const int Years = RegionPages.Years;

    /// <summary>Every indicator any council has (the map may colour by any), the table's columns first; charter-tier counts aside.</summary>
    private static IEnumerable<string> AllColumns(IReadOnlyList<RegionIndicatorSet> sets) =>
        CouncilColumns.Concat(sets.SelectMany(s => s.ByLocalAuthority).SelectMany(c => c.Indicators).Select(i => i.Id)
            .Where(id => !id.StartsWith(IndicatorIds.MembersPrefix, StringComparison.Ordinal))).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> HeadlineIds(IReadOnlyList<RegionIndicatorSet> sets)
    {
        var present = sets.SelectMany(s => s.Indicators).Select(i => i.Id)
            .Where(id => !id.StartsWith(IndicatorIds.MembersPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return IndicatorText.Headline.Where(present.Contains).Concat(present.Where(id => !IndicatorText.Headline.Contains(id)));
    }

    private static Headline? HeadlineOf(string id, IReadOnlyList<RegionIndicatorSet> sets)
    {
        var latest = Latest(id, sets.Select(s => (s.Year, (IReadOnlyList<Indicator>?)s.Indicators)));
        if (latest is null)
        {
            return null;
        }

        var series = sets.Select(s => (s.Year, Figure: s.Indicators.FirstOrDefault(i => i.Id == id)))
            .Where(p => p.Figure is { Suppressed: false, Value: not null })
            .Select(p => (p.Year, p.Figure!.Value!.Value))
            .OrderBy(p => p.Year)
            .ToList();
        return new Headline(id, latest, series);
    }

    private static IReadOnlyList<Indicator>? Council(RegionIndicatorSet set, string code) =>
        set.ByLocalAuthority.FirstOrDefault(c => c.Area == code)?.Indicators;

    /// <summary>The newest year whose set has the indicator with a value or suppressed (a figure withheld is still the latest word).</summary>
    private static YearFigure? Latest(string id, IEnumerable<(int Year, IReadOnlyList<Indicator>? Indicators)> newestFirst)
    {
        foreach (var (year, indicators) in newestFirst)
        {
            if (indicators?.FirstOrDefault(i => i.Id == id) is { } figure && (figure.Value is not null || figure.Suppressed))
            {
                return new YearFigure(year, figure);
            }
        }

        return null;
    }

    /// <summary>The newest year of the ones shown in which any council has an index score.</summary>
    private static async Task<(int?, IReadOnlyList<GoodWorkIndexEntry>)> IndexAsync(IRegionGrain grain, int[] years)
    {
        foreach (var year in years.Reverse())
        {
            var outcome = await grain.GetGoodWorkIndexAsync(year);
            if (outcome is { IsOk: true, Value: { } entries } && entries.Any(e => e.Score is not null))
            {
                return (year, entries.OrderBy(e => e.Rank ?? int.MaxValue).ThenBy(e => e.Name, StringComparer.Ordinal).ToList());
            }
        }

        return (null, []);
    }
}
