using System.Globalization;
using System.Text.Json;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Portal.Components;

namespace RegionalGoodWork.Portal.Pages;

/// <summary>One council's hexagon: where it is drawn and how it is coloured.</summary>
public sealed record Hex(string Code, string Name, double X, double Y, string Points, int? Band, YearFigure? Figure, string Short);

/// <summary>A band of the map's colour scale.</summary>
public sealed record MapBand(string Fill, string Text, string Label);

/// <summary>
/// The region's councils as a hex map (layout: ODI Leeds' hexjson of local authority districts, 2023), coloured by one
/// indicator in five equal bands between its lowest and highest value; suppressed and missing figures have their own
/// key. Drawn as SVG on the server: no script, and the council table beside it holds the same figures.
/// </summary>
public sealed record HexMap(
    string Indicator,
    IReadOnlyList<string> Choices,
    IReadOnlyList<Hex> Hexes,
    IReadOnlyList<MapBand> Bands,
    double Width,
    double Height)
{
    private const double Size = 40; // centre to corner
    private static readonly double HexWidth = Math.Sqrt(3) * Size;

    /// <summary>Light to dark blue (sequential, distinguishable without colour vision as lightness); text colour for contrast.</summary>
    private static readonly (string Fill, string Text)[] Palette =
    [
        ("#deebf7", "#0b0c0c"), ("#9ecae1", "#0b0c0c"), ("#4292c6", "#0b0c0c"), ("#08519c", "#ffffff"), ("#08306b", "#ffffff"),
    ];

    public const string SuppressedFill = "url(#rgw-hatch)";
    public const string NoDataFill = "#ffffff";

    private static readonly Lazy<IReadOnlyDictionary<string, (string Name, int Q, int R)>> Layout = new(ReadLayout);

    internal static HexMap? Build(RegionView region, IReadOnlyList<CouncilRow> councils, string? indicator)
    {
        var choices = councils.SelectMany(c => c.Figures).Where(f => f.Value is not null).Select(f => f.Key).Distinct(StringComparer.Ordinal).ToList();
        var placed = councils.Where(c => Layout.Value.ContainsKey(c.Code)).ToList();
        if (placed.Count == 0 || choices.Count == 0)
        {
            return null;
        }

        var chosen = indicator is not null && choices.Contains(indicator) ? indicator
            : choices.Contains(IndicatorIds.ShareEmployeesAtRlwEmployers) ? IndicatorIds.ShareEmployeesAtRlwEmployers : choices[0];
        var values = placed.Select(c => c.Figures.GetValueOrDefault(chosen)?.Indicator.Value).OfType<decimal>().ToList();
        var (low, high) = values.Count == 0 ? (0m, 0m) : (values.Min(), values.Max());
        var unit = placed.Select(c => c.Figures.GetValueOrDefault(chosen)?.Indicator.Unit).OfType<string>().FirstOrDefault() ?? "";
        var bands = Enumerable.Range(0, Palette.Length).Select(i =>
        {
            var from = low + ((high - low) * i / Palette.Length);
            var to = low + ((high - low) * (i + 1) / Palette.Length);
            return new MapBand(Palette[i].Fill, Palette[i].Text, $"{IndicatorText.Format(from, unit)} to {IndicatorText.Format(to, unit)}");
        }).ToList();

        var cells = placed.Select(c => (Council: c, Layout.Value[c.Code])).ToList();
        var minQ = cells.Min(c => c.Item2.Q);
        var maxR = cells.Max(c => c.Item2.R);
        var hexes = cells.Select(c =>
        {
            var (_, q, r) = c.Item2;
            var x = ((q - minQ) * HexWidth) + (IsOdd(r) ? HexWidth / 2 : 0) + HexWidth;
            var y = ((maxR - r) * Size * 1.5) + Size + 4;
            var figure = c.Council.Figures.GetValueOrDefault(chosen);
            int? band = figure?.Indicator.Value is { } v && !figure.Indicator.Suppressed
                ? high == low ? Palette.Length / 2 : Math.Min(Palette.Length - 1, (int)((v - low) / (high - low) * Palette.Length))
                : null;
            return new Hex(c.Council.Code, c.Council.Name, x, y, Corners(x, y), band, figure, Abbreviate(c.Council.Name));
        }).ToList();

        // Normalise: the leftmost hex's left edge at 2, the rightmost's right edge plus 2.
        var minX = hexes.Min(h => h.X) - (HexWidth / 2) - 2;
        hexes = hexes.Select(h => h with { X = h.X - minX, Points = Corners(h.X - minX, h.Y) }).ToList();
        var width = hexes.Max(h => h.X) + (HexWidth / 2) + 2;
        var height = hexes.Max(h => h.Y) + Size + 4;
        return new HexMap(chosen, choices, hexes, bands, width, height);
    }

    public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static bool IsOdd(int r) => (r & 1) == 1;

    private static string Corners(double x, double y) => string.Join(' ', Enumerable.Range(0, 6).Select(i =>
    {
        var angle = Math.PI / 180 * ((60 * i) - 30); // pointy-topped
        return $"{Num(x + (Size * Math.Cos(angle)))},{Num(y + (Size * Math.Sin(angle)))}";
    }));

    /// <summary>Three or four letters to label a hex (the full name is in its title and in the table).</summary>
    private static string Abbreviate(string name)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsUpper(w[0])).ToList();
        return words.Count > 1 ? string.Concat(words.Take(3).Select(w => w[0])) : name[..Math.Min(4, name.Length)];
    }

    private static IReadOnlyDictionary<string, (string, int, int)> ReadLayout()
    {
        using var stream = typeof(HexMap).Assembly.GetManifestResourceStream("RegionalGoodWork.Portal.hexjson")
            ?? throw new InvalidOperationException("embedded resource RegionalGoodWork.Portal.hexjson is missing");
        using var json = JsonDocument.Parse(stream);
        var hexes = new Dictionary<string, (string, int, int)>(StringComparer.Ordinal);
        foreach (var hex in json.RootElement.GetProperty("hexes").EnumerateObject())
        {
            hexes[hex.Name] = (hex.Value.GetProperty("n").GetString() ?? hex.Name, hex.Value.GetProperty("q").GetInt32(), hex.Value.GetProperty("r").GetInt32());
        }

        return hexes;
    }
}
