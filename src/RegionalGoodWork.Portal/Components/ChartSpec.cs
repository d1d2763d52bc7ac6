using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegionalGoodWork.Portal.Components;

/// <summary>One series of a chart: its name and a value per label (null: no figure, drawn as a gap).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<decimal?> Data);

/// <summary>
/// What <see cref="Chart"/> draws with Chart.js in the browser: a line over years or bars over councils, in one unit
/// (an indicator's: "percent", "GBP", …). <paramref name="TableId"/> names the data table on the same page that holds
/// the same figures: a chart is an enhancement, the table is what every reader (and screen reader) has.
/// </summary>
public sealed record ChartSpec(string Id, string Type, string Title, string Unit, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, string TableId)
{
    public const string Line = "line";
    public const string Bar = "bar";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The spec as the page's script reads it (the figure's data-rgw-chart attribute).</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new { type = Type, unit = Unit, labels = Labels, datasets = Series.Select(s => new { label = s.Label, data = s.Data }) }, Json);
}
