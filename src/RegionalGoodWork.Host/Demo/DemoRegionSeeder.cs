using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Demo;

/// <summary>
/// Loads the demo region (Greater Manchester, E47000001) with a deterministic set of clearly fictional employers
/// ("Demo …" names, ids <c>demo-nnnn</c>), their sites in the ten councils, charter memberships and evidence, so a
/// first run shows real-looking figures. Never attaches invented evidence to real company names: no company numbers.
/// Runs at start when <c>Demo:Seed</c> is true (tools/run.sh sets it), before the HTTP API starts; idempotent
/// (employers already present are left alone).
/// </summary>
internal sealed partial class DemoRegionSeeder(IGrainFactory grains, IConfiguration configuration, ILogger<DemoRegionSeeder> logger) : IHostedService
{
    public const string Region = "E47000001";

    private const string OfficialDataResource = "RegionalGoodWork.Host.Demo.ons-greater-manchester.csv";

    private static readonly string[] First = ["Irwell", "Pennine", "Medlock", "Tame", "Mersey", "Roch", "Beal", "Croal", "Etherow", "Goyt", "Bollin", "Douglas", "Sankey", "Glaze", "Yarrow", "Spodden"];
    private static readonly string[] Second = ["Valley", "Mill", "Bridge", "Works", "Yard", "Lane", "Row", "Square", "Wharf", "Foundry"];
    private static readonly string[] Trade = ["Joinery", "Bakery", "Care Services", "Logistics", "Print", "Engineering", "Software", "Textiles", "Catering", "Cleaning", "Lettings", "Brewing", "Dental Practice", "Builders", "Opticians", "Nursery"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:Seed", false))
        {
            return;
        }

        var count = configuration.GetValue("Demo:Employers", 300);
        var region = await grains.GetRegion(Region).GetAsync();
        if (!region.IsOk || region.Value!.LocalAuthorities.Count == 0)
        {
            LogSkipped(logger, Region);
            return;
        }

        var councils = region.Value.LocalAuthorities.Select(c => c.Code).ToArray();
        var created = 0;
        foreach (var batch in Enumerable.Range(1, count).Chunk(25))
        {
            var results = await Task.WhenAll(batch.Select(i => SeedEmployerAsync(i, councils)));
            created += results.Count(r => r);
        }

        LogSeeded(logger, created, count - created, Region);
        if (created > 0)
        {
            await ImportOfficialAsync();
        }
    }

    /// <summary>
    /// The region's published ONS figures (employment rate, economic inactivity, median weekly pay; Data/README.md),
    /// through the same import as any ONS file. Only with a first load of the demo employers, so a restart never puts
    /// back a figure an officer has since replaced by a newer import.
    /// </summary>
    private async Task ImportOfficialAsync()
    {
        await using var stream = typeof(DemoRegionSeeder).Assembly.GetManifestResourceStream(OfficialDataResource)
            ?? throw new InvalidOperationException($"embedded resource {OfficialDataResource} is missing");
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var report = await grains.GetOfficialIndicatorImport().ImportCsvAsync(await reader.ReadToEndAsync());
        if (report.Rejected)
        {
            throw new InvalidOperationException($"demo official data rejected: {string.Join("; ", report.Errors.Take(5).Select(e => $"line {e.Line}: {e.Message}"))}");
        }

        LogOfficial(logger, report.Imported, Region);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> SeedEmployerAsync(int index, string[] councils)
    {
        var id = $"demo-{index:D4}";
        var employer = grains.GetEmployer(id);
        if ((await employer.GetProfileAsync()).IsOk)
        {
            return false;
        }

        var rng = new Random(index * 7919); // deterministic per employer
        var name = $"Demo {Pick(rng, First)} {Pick(rng, Second)} {Pick(rng, Trade)} Ltd";
        var siteCount = rng.NextDouble() switch { < 0.7 => 1, < 0.93 => 2, _ => 3 };
        var sites = councils.OrderBy(_ => rng.Next()).Take(siteCount)
            .Select(c => new SiteInput(c, Math.Max(3, (int)Math.Exp(rng.NextDouble() * 6.2))))
            .ToList();
        var defined = await employer.DefineAsync(new DefineEmployer(name, null, ["00000"], sites));
        if (!defined.IsOk)
        {
            throw new InvalidOperationException($"demo employer {id}: {defined.Problem!.Detail}");
        }

        // A "good work" propensity drives every fact, so figures vary between councils in a plausible way.
        var q = rng.NextDouble();
        bool Yes(double bias = 0) => rng.NextDouble() < Math.Clamp(q + bias, 0.05, 0.97);
        var items = new List<EvidenceItemInput>
        {
            Bool("pay.rlw-accredited", Yes(-0.1)),
            Number("pay.share-staff-paid-rlw", EvidenceType.Percent, Yes(0.1) ? 100 : rng.Next(60, 100)),
            Bool("pay.sick-pay-from-day-one", Yes()),
            Bool("conditions.zero-hours-only-by-consent", Yes(0.1)),
            Number("conditions.zero-hours-share", EvidenceType.Percent, Yes() ? 0 : rng.Next(1, 30)),
            Number("conditions.guaranteed-hours-review-weeks", EvidenceType.Count, Yes() ? 12 : rng.Next(13, 52)),
            Number("conditions.shift-notice-days", EvidenceType.Days, rng.Next(3, 35)),
            Bool("flex.flexible-from-day-one", Yes(-0.05)),
            Bool("voice.trade-union-recognised", Yes(-0.3)),
            Bool("voice.employee-forum", Yes()),
            Bool("access.inclusive-recruitment", Yes(0.05)),
            Bool("support.line-manager-training", Yes(0.05)),
            Bool("wellbeing.health-wellbeing-plan", Yes(0.05)),
            Bool("wellbeing.mental-health-support", Yes()),
            Bool("equality.edi-policy", Yes(0.1)),
            Number("learning.apprenticeship-starts", EvidenceType.Count, rng.NextDouble() < 0.5 ? rng.Next(0, 12) : 0),
        };
        if (rng.NextDouble() < 0.6)
        {
            items.Add(Number("equality.gender-pay-gap-median", EvidenceType.Percent, Math.Round((decimal)(rng.NextDouble() * 30 - 6), 1)));
        }

        var joined = await employer.JoinAsync("gm-gec");
        if (!joined.IsOk)
        {
            throw new InvalidOperationException($"demo employer {id}: {joined.Problem!.Detail}");
        }

        // A few also belong to a neighbouring charter: one fact, counted in both.
        if (rng.NextDouble() < 0.15)
        {
            await employer.JoinAsync("lcr-fec");
        }

        // Drawn last, so the facts above stay what they were before Greater Manchester's flexible-work reading asked for these.
        items.Add(Bool("flex.family-friendly-policies", Yes()));
        items.Add(Number("flex.vacancies-advertised-flexible", EvidenceType.Percent, Yes(-0.1) ? rng.Next(20, 101) : 0));

        var submitted = await employer.SubmitEvidenceAsync(new SubmitEvidence(items, "demo-loader"));
        if (!submitted.IsOk)
        {
            throw new InvalidOperationException($"demo employer {id}: {submitted.Problem!.Detail}");
        }

        return true;
    }

    private static string Pick(Random rng, string[] options) => options[rng.Next(options.Length)];

    private static EvidenceItemInput Bool(string kind, bool value) => EvidenceItemInput.Of(kind, EvidenceValue.FromBool(value));

    private static EvidenceItemInput Number(string kind, EvidenceType type, decimal value) =>
        EvidenceItemInput.Of(kind, EvidenceValue.FromNumber(type, value));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo region {Region} is not defined; demo employers not loaded")]
    private static partial void LogSkipped(ILogger logger, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Created} fictional employers loaded ({Existing} already present) in {Region}")]
    private static partial void LogSeeded(ILogger logger, int created, int existing, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Imported} official ONS figures imported for {Region} and its councils")]
    private static partial void LogOfficial(ILogger logger, int imported, string region);

}
