namespace RegionalGoodWork.Places.Official;

/// <summary>One official figure for one area, indicator and year.</summary>
[GenerateSerializer, Immutable]
internal sealed record OfficialObservation(
    [property: Id(0)] string IndicatorId,
    [property: Id(1)] int Year,
    [property: Id(2)] decimal Value,
    [property: Id(3)] string Unit,
    [property: Id(4)] string Period,
    [property: Id(5)] bool LowReliability,
    [property: Id(6)] string Source);

/// <summary>An area's official indicators: indicator id → year → figure. A later import of the same year replaces it.</summary>
[GenerateSerializer]
internal sealed class OfficialSeries
{
    [Id(0)] public Dictionary<string, Dictionary<int, OfficialObservation>> Values { get; set; } = new(StringComparer.Ordinal);

    public int Merge(IEnumerable<OfficialObservation> observations)
    {
        var changed = 0;
        foreach (var o in observations)
        {
            if (!Values.TryGetValue(o.IndicatorId, out var years))
            {
                Values[o.IndicatorId] = years = [];
            }

            if (!years.TryGetValue(o.Year, out var held) || held != o)
            {
                years[o.Year] = o;
                changed++;
            }
        }

        return changed;
    }

    public IEnumerable<OfficialObservation> ForYear(int year) =>
        Values.Values.Select(y => y.GetValueOrDefault(year)).OfType<OfficialObservation>().OrderBy(o => o.IndicatorId, StringComparer.Ordinal);

    public OfficialSeries Clone() => new()
    {
        Values = Values.ToDictionary(v => v.Key, v => new Dictionary<int, OfficialObservation>(v.Value), StringComparer.Ordinal),
    };
}
