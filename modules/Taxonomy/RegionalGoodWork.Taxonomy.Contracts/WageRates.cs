using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>The wage-rate schemes a rule may compare with (<c>{"rate": "real-living-wage"}</c>).</summary>
public static class WageRateSchemes
{
    /// <summary>The Living Wage Foundation's real Living Wage: a UK rate and a London rate, announced each autumn.</summary>
    public const string RealLivingWage = "real-living-wage";

    /// <summary>The statutory National Living Wage (the headline adult rate): one rate for the whole UK.</summary>
    public const string NationalLivingWage = "national-living-wage";

    public static IReadOnlyList<string> All { get; } = [RealLivingWage, NationalLivingWage];

    public static bool IsKnown(string? scheme) => scheme is not null && All.Contains(scheme, StringComparer.Ordinal);
}

/// <summary>Where staff work, for the rate that applies to them: Greater London takes a scheme's London rate.</summary>
public enum WageArea
{
    Uk = 0,
    London = 1,
}

/// <summary>An announcement's hourly rates in pounds: the UK rate and the London rate (null: the UK rate applies in London too).</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.wage-rate-amounts")]
public sealed record WageRateAmounts([property: Id(0)] decimal Uk, [property: Id(1)] decimal? London);

/// <summary>Where a rate comes from: a public page and what it says.</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.wage-rate-source")]
public sealed record WageRateSource([property: Id(0)] string? Url, [property: Id(1)] string? Note);

/// <summary>
/// One announced rate of a scheme: announced on <see cref="AnnouncedOn"/>, to be paid from <see cref="PayBy"/> on.
/// Before its pay-by date the previous announcement's rate is the one in force.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.wage-rate")]
public sealed record WageRate(
    [property: Id(0)] string Scheme,
    [property: Id(1)] DateOnly AnnouncedOn,
    [property: Id(2)] DateOnly PayBy,
    [property: Id(3)] WageRateAmounts Rates,
    [property: Id(4)] WageRateSource? Source,
    [property: Id(5)] bool Shipped)
{
    /// <summary>The hourly rate for staff working in <paramref name="area"/>.</summary>
    public decimal RateFor(WageArea area) => area == WageArea.London ? Rates.London ?? Rates.Uk : Rates.Uk;

    /// <summary>Same scheme, dates and rates (the source may differ).</summary>
    public bool SameRateAs(WageRate other) =>
        other is not null && Scheme == other.Scheme && AnnouncedOn == other.AnnouncedOn && PayBy == other.PayBy && Rates == other.Rates;
}

/// <summary>Every announced rate of every scheme, newest first (by announcement, then pay-by date). Pure.</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.wage-rate-table")]
public sealed record WageRateTable([property: Id(0)] IReadOnlyList<WageRate> Rates, [property: Id(1)] int Revision)
{
    public static WageRateTable Empty { get; } = new([], 0);

    /// <summary>
    /// The announcement of <paramref name="scheme"/> in force on <paramref name="day"/>: of those whose pay-by date is
    /// on or before that day, the one with the latest pay-by date (then the latest announcement). Null when none is.
    /// </summary>
    public WageRate? InForce(string scheme, DateOnly day) =>
        Rates.Where(r => r.Scheme == scheme && r.PayBy <= day)
            .OrderByDescending(r => r.PayBy)
            .ThenByDescending(r => r.AnnouncedOn)
            .FirstOrDefault();

    /// <summary>The hourly rate of <paramref name="scheme"/> for <paramref name="area"/> in force on <paramref name="day"/>; null when none is.</summary>
    public decimal? RateInForce(string scheme, WageArea area, DateOnly day) => InForce(scheme, day)?.RateFor(area);

    /// <summary>The announcements of <paramref name="scheme"/> announced but not yet to be paid on <paramref name="day"/>, earliest pay-by first.</summary>
    public IReadOnlyList<WageRate> Upcoming(string scheme, DateOnly day) =>
        Rates.Where(r => r.Scheme == scheme && r.PayBy > day).OrderBy(r => r.PayBy).ToList();

    /// <summary>Orders announcements as the API lists them: newest announcement first, then latest pay-by, then scheme.</summary>
    public static IReadOnlyList<WageRate> Order(IEnumerable<WageRate> rates) =>
        rates.OrderByDescending(r => r.AnnouncedOn).ThenByDescending(r => r.PayBy).ThenBy(r => r.Scheme, StringComparer.Ordinal).ToList();
}

/// <summary>An announcement stored (<see cref="Created"/>) or found already there, identical (not created).</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.wage-rate-announced")]
public sealed record WageRateAnnounced([property: Id(0)] WageRate Rate, [property: Id(1)] bool Created);

/// <summary>
/// The single wage-rates grain: the rates shipped with the platform (embedded CSVs, with their sources) overlaid with
/// announcements added at run time (<c>POST /api/v1/wage-rates</c>), which persist.
/// </summary>
public interface IWageRatesGrain : IGrainWithStringKey
{
    /// <summary>Every announcement, newest first, with a revision that grows with every stored announcement.</summary>
    [ReadOnly]
    Task<WageRateTable> GetTableAsync();

    /// <summary>
    /// Adds an announcement from the JSON text of <c>POST /api/v1/wage-rates</c>:
    /// <c>{scheme, announcedOn, payBy?, rates: {uk, london?}, source?: {url?, note?}}</c>. Invalid (400, every field problem at once);
    /// the same scheme and announcement date already there with other dates or rates: Conflict (409); the same
    /// announcement again: not created (200). Nothing is stored on rejection.
    /// </summary>
    Task<Outcome<WageRateAnnounced>> AnnounceAsync(string json);
}
