using Refit;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>The gender pay gap service: one CSV per reporting year (columns as shared/data/gender_pay_gap).</summary>
internal interface IGenderPayGapApi
{
    /// <summary><paramref name="year"/> is the reporting year's first calendar year (2022 = 2022–23).</summary>
    [Get("/viewing/download-data/{year}")]
    Task<string> DownloadAsync(int year, CancellationToken cancellationToken);
}
