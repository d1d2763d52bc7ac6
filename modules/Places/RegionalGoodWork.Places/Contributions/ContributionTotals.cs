using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Contributions;

/// <summary>
/// The fixed-size sums behind a council's employer-derived indicators, kept incrementally: adding an
/// employer's contribution and taking it away again leaves the totals exactly as they were. Only employers
/// in a charter count. A region's totals are the sum of its councils'.
/// </summary>
[GenerateSerializer]
internal sealed class ContributionTotals
{
    /// <summary>Width of a gender pay gap histogram bucket, in percentage points.</summary>
    public const decimal BucketWidth = 0.5m;

    /// <summary>Bucket indexes are clamped to ±100 points.</summary>
    public const int MaxBucket = 200;

    [Id(0)] public Tally CharterEmployers { get; set; }

    [Id(1)] public long EmployeesCovered { get; set; }

    [Id(2)] public long EmployeesAtRlwEmployers { get; set; }

    [Id(3)] public Tally FlexibleReporting { get; set; }

    [Id(4)] public long FlexibleReportingHeadcount { get; set; }

    [Id(5)] public long FlexibleHeadcount { get; set; }

    [Id(6)] public Tally UnionReporting { get; set; }

    [Id(7)] public long UnionReportingHeadcount { get; set; }

    [Id(8)] public long UnionRecognisedHeadcount { get; set; }

    /// <summary>Gender pay gap histogram: bucket index (floor(gap / 0.5)) → employers.</summary>
    [Id(9)] public Dictionary<int, Tally> GenderPayGapBuckets { get; set; } = [];

    [Id(10)] public Tally ApprenticeshipReporting { get; set; }

    [Id(11)] public long ApprenticeshipReportingHeadcount { get; set; }

    /// <summary>Apprenticeship starts apportioned to the council by headcount share, in millionths.</summary>
    [Id(12)] public long ApprenticeshipStartsMicros { get; set; }

    /// <summary>Members by "charterId/tier".</summary>
    [Id(13)] public Dictionary<string, Tally> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Suppliers of public contracts with staff here (members or not): the basis of the awarded-value share.</summary>
    [Id(14)] public Tally ContractSuppliers { get; set; }

    /// <summary>Their awarded contract value apportioned here by headcount share, in pence.</summary>
    [Id(15)] public long AwardedValuePence { get; set; }

    /// <summary>The part of <see cref="AwardedValuePence"/> awarded to employers in a charter.</summary>
    [Id(16)] public long AwardedValueToMembersPence { get; set; }

    public static string MemberKey(string charterId, string tier) => $"{charterId}/{tier}";

    public static (string CharterId, string Tier) SplitMemberKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    public static int BucketOf(decimal gap) =>
        Math.Clamp((int)Math.Floor(gap / BucketWidth), -MaxBucket, MaxBucket - 1);

    public static decimal BucketMidpoint(int bucket) => (bucket * BucketWidth) + (BucketWidth / 2);

    public void Add(EmployerContribution contribution) => Apply(contribution, +1);

    public void Subtract(EmployerContribution contribution) => Apply(contribution, -1);

    /// <summary>
    /// Whether a contribution counts in the totals at all: an employer in a charter, and (for the awarded-value share
    /// only) any supplier of public contracts.
    /// </summary>
    public static bool Counts(EmployerContribution c) => c is { IsRemoval: false } && (c.InAnyCharter || c.AwardedValue > 0);

    private void Apply(EmployerContribution c, int sign)
    {
        if (!Counts(c))
        {
            return;
        }

        if (c.AwardedValue > 0)
        {
            var pence = AwardedPenceOf(c) * sign;
            ContractSuppliers += new Tally(1, WeightMicrosOf(c)) * sign;
            AwardedValuePence += pence;
            AwardedValueToMembersPence += c.InAnyCharter ? pence : 0;
        }

        if (!c.InAnyCharter)
        {
            return;
        }

        var employer = new Tally(1, WeightMicrosOf(c)) * sign;
        long headcount = c.Headcount * sign;

        CharterEmployers += employer;
        EmployeesCovered += headcount;
        if (c.RealLivingWageEmployer)
        {
            EmployeesAtRlwEmployers += headcount;
        }

        if (c.FlexibleFromDayOne is { } flexible)
        {
            FlexibleReporting += employer;
            FlexibleReportingHeadcount += headcount;
            FlexibleHeadcount += flexible ? headcount : 0;
        }

        if (c.UnionRecognised is { } union)
        {
            UnionReporting += employer;
            UnionReportingHeadcount += headcount;
            UnionRecognisedHeadcount += union ? headcount : 0;
        }

        if (c.GenderPayGapMedian is { } gap)
        {
            Bump(GenderPayGapBuckets, BucketOf(gap), employer);
        }

        if (c.ApprenticeshipStarts is { } starts)
        {
            ApprenticeshipReporting += employer;
            ApprenticeshipReportingHeadcount += headcount;
            ApprenticeshipStartsMicros += ApportionedMicros(starts, c) * sign;
        }

        foreach (var membership in c.Memberships.DistinctBy(m => MemberKey(m.CharterId, m.Tier)))
        {
            Bump(Members, MemberKey(membership.CharterId, membership.Tier), employer);
        }
    }

    /// <summary>The employer's headcount share in this council, in millionths.</summary>
    public static long WeightMicrosOf(EmployerContribution c) =>
        c.TotalHeadcount <= 0 ? 0 : (long)Math.Round((decimal)c.Headcount * Tally.Micros / c.TotalHeadcount, MidpointRounding.AwayFromZero);

    public static long ApportionedMicros(int starts, EmployerContribution c) =>
        c.TotalHeadcount <= 0 ? 0 : (long)Math.Round((decimal)starts * c.Headcount * Tally.Micros / c.TotalHeadcount, MidpointRounding.AwayFromZero);

    /// <summary>The employer's awarded value apportioned to this council by headcount share, in pence.</summary>
    public static long AwardedPenceOf(EmployerContribution c) =>
        c.TotalHeadcount <= 0 ? 0 : (long)Math.Round(c.AwardedValue * 100m * c.Headcount / c.TotalHeadcount, MidpointRounding.AwayFromZero);

    private static void Bump<TKey>(Dictionary<TKey, Tally> map, TKey key, Tally delta) where TKey : notnull
    {
        var value = map.GetValueOrDefault(key) + delta;
        if (value.IsZero)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value;
        }
    }

    /// <summary>The gender pay gap tally (employers reporting one).</summary>
    public Tally GenderPayGapReporting => GenderPayGapBuckets.Values.Aggregate(default(Tally), (a, b) => a + b);

    /// <summary>
    /// The median gender pay gap: the weighted median of the bucket midpoints (within 0.25 points of the median of
    /// the reported gaps); with an even split, the mean of the two middle buckets. Null when nobody reported.
    /// </summary>
    public decimal? MedianGenderPayGap(EmployerCounting counting)
    {
        var buckets = GenderPayGapBuckets.Where(b => counting.Weight(b.Value) > 0).OrderBy(b => b.Key).ToList();
        var total = buckets.Sum(b => counting.Weight(b.Value));
        if (total <= 0)
        {
            return null;
        }

        long cumulative = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            cumulative += counting.Weight(buckets[i].Value);
            if (2 * cumulative == total && i + 1 < buckets.Count)
            {
                return (BucketMidpoint(buckets[i].Key) + BucketMidpoint(buckets[i + 1].Key)) / 2;
            }

            if (2 * cumulative >= total)
            {
                return BucketMidpoint(buckets[i].Key);
            }
        }

        return BucketMidpoint(buckets[^1].Key);
    }

    public static ContributionTotals Sum(IEnumerable<ContributionTotals> parts)
    {
        var sum = new ContributionTotals();
        foreach (var p in parts)
        {
            sum.CharterEmployers += p.CharterEmployers;
            sum.EmployeesCovered += p.EmployeesCovered;
            sum.EmployeesAtRlwEmployers += p.EmployeesAtRlwEmployers;
            sum.FlexibleReporting += p.FlexibleReporting;
            sum.FlexibleReportingHeadcount += p.FlexibleReportingHeadcount;
            sum.FlexibleHeadcount += p.FlexibleHeadcount;
            sum.UnionReporting += p.UnionReporting;
            sum.UnionReportingHeadcount += p.UnionReportingHeadcount;
            sum.UnionRecognisedHeadcount += p.UnionRecognisedHeadcount;
            sum.ApprenticeshipReporting += p.ApprenticeshipReporting;
            sum.ApprenticeshipReportingHeadcount += p.ApprenticeshipReportingHeadcount;
            sum.ApprenticeshipStartsMicros += p.ApprenticeshipStartsMicros;
            sum.ContractSuppliers += p.ContractSuppliers;
            sum.AwardedValuePence += p.AwardedValuePence;
            sum.AwardedValueToMembersPence += p.AwardedValueToMembersPence;
            foreach (var (bucket, tally) in p.GenderPayGapBuckets)
            {
                Bump(sum.GenderPayGapBuckets, bucket, tally);
            }

            foreach (var (key, tally) in p.Members)
            {
                Bump(sum.Members, key, tally);
            }
        }

        return sum;
    }

    public static ContributionTotals From(IEnumerable<EmployerContribution> contributions)
    {
        var totals = new ContributionTotals();
        foreach (var c in contributions)
        {
            totals.Add(c);
        }

        return totals;
    }

    /// <summary>Every number in the totals by a stable name: what the drift check compares.</summary>
    public SortedDictionary<string, decimal> Measures()
    {
        var m = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        void Put(string name, Tally t)
        {
            m[$"{name}.count"] = t.Count;
            m[$"{name}.weight"] = t.WeightMicros / (decimal)Tally.Micros;
        }

        Put("charterEmployers", CharterEmployers);
        m["employeesCovered"] = EmployeesCovered;
        m["employeesAtRlwEmployers"] = EmployeesAtRlwEmployers;
        Put("flexibleReporting", FlexibleReporting);
        m["flexibleReportingHeadcount"] = FlexibleReportingHeadcount;
        m["flexibleHeadcount"] = FlexibleHeadcount;
        Put("unionReporting", UnionReporting);
        m["unionReportingHeadcount"] = UnionReportingHeadcount;
        m["unionRecognisedHeadcount"] = UnionRecognisedHeadcount;
        Put("apprenticeshipReporting", ApprenticeshipReporting);
        m["apprenticeshipReportingHeadcount"] = ApprenticeshipReportingHeadcount;
        m["apprenticeshipStarts"] = ApprenticeshipStartsMicros / (decimal)Tally.Micros;
        Put("contractSuppliers", ContractSuppliers);
        m["awardedValuePence"] = AwardedValuePence;
        m["awardedValueToMembersPence"] = AwardedValueToMembersPence;
        foreach (var (bucket, tally) in GenderPayGapBuckets)
        {
            Put($"genderPayGap[{BucketMidpoint(bucket).ToString(System.Globalization.CultureInfo.InvariantCulture)}]", tally);
        }

        foreach (var (key, tally) in Members)
        {
            Put($"members[{key}]", tally);
        }

        return m;
    }

    public ContributionTotals Clone() => Sum([this]);
}
