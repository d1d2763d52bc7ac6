using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>
/// One employer-derived figure as it stood when a snapshot was taken: only what cannot be looked up again — the id, the
/// value (null when suppressed or when there was nothing to compute), how many employers it rested on, and whether it was
/// suppressed. Unit, principle and wording come from <see cref="IndicatorDefinitions"/> when it is read.
/// </summary>
[GenerateSerializer, Immutable]
internal readonly record struct SnapshotFigure(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal? Value,
    [property: Id(2)] int Basis,
    [property: Id(3)] bool Suppressed);

/// <summary>
/// An area's employer-derived figures of one year. <see cref="YearEnd"/>: taken when the year ended (immutable from then
/// on); otherwise taken on demand during the year (replaced by a later one, and by the year-end one).
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record YearSnapshot(
    [property: Id(0)] int Year,
    [property: Id(1)] bool YearEnd,
    [property: Id(2)] DateTimeOffset TakenAt,
    [property: Id(3)] IReadOnlyList<SnapshotFigure> Figures)
{
    /// <summary>Keeps the figures as served at <paramref name="takenAt"/>: a suppressed figure is kept without its value.</summary>
    public static YearSnapshot Take(int year, bool yearEnd, DateTimeOffset takenAt, IEnumerable<Indicator> employerDerived) =>
        new(year, yearEnd, takenAt, employerDerived
            .Select(i => new SnapshotFigure(i.Id, i.Suppressed ? null : i.Value, i.Basis.Employers ?? 0, i.Suppressed)).ToList());

    public string Source => YearEnd
        ? $"RegionalGoodWork charter employers (snapshot at the end of {Year}, taken {TakenAt:yyyy-MM-dd})"
        : $"RegionalGoodWork charter employers (snapshot taken {TakenAt:yyyy-MM-dd}, before the end of {Year})";

    /// <summary>
    /// The figures as indicators. Disclosure control applies as to live figures: a figure suppressed when taken stays
    /// suppressed, and one resting on fewer employers than today's threshold is suppressed too.
    /// </summary>
    public IEnumerable<Indicator> Indicators(int minimumEmployers) => Figures.Select(f =>
    {
        var definition = IndicatorDefinitions.Find(f.Id);
        var suppressed = f.Suppressed || f.Basis < minimumEmployers;
        return new Indicator(f.Id, suppressed ? null : f.Value, definition?.Unit ?? "", suppressed, new IndicatorBasis(f.Basis), Source, definition?.Principle);
    });
}

/// <summary>
/// An area's yearly series of employer-derived figures: at most one snapshot per year. Copy on write: a change makes a
/// new series, so a series handed to a region or to storage is never changed under it.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed class IndicatorYears
{
    public static IndicatorYears None { get; } = new();

    [Id(0)] public Dictionary<int, YearSnapshot> ByYear { get; set; } = [];

    public YearSnapshot? For(int year) => ByYear.GetValueOrDefault(year);

    /// <summary>
    /// The series with <paramref name="snapshot"/> in it, or null when the year already has its year-end snapshot (which
    /// nothing replaces). An on-demand snapshot replaces an earlier on-demand one of its year; a year-end one replaces it.
    /// </summary>
    public IndicatorYears? With(YearSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (For(snapshot.Year) is { YearEnd: true })
        {
            return null;
        }

        var byYear = new Dictionary<int, YearSnapshot>(ByYear) { [snapshot.Year] = snapshot };
        return new IndicatorYears { ByYear = byYear };
    }

    public IReadOnlyList<IndicatorSnapshotInfo> List() =>
        ByYear.Values.OrderBy(s => s.Year).Select(s => new IndicatorSnapshotInfo(s.Year, s.YearEnd ? IndicatorSnapshotInfo.YearEndKind : IndicatorSnapshotInfo.OnDemandKind, s.TakenAt)).ToList();
}
