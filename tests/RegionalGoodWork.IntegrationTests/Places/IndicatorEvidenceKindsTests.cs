using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Taxonomy;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>Places names the evidence kinds its indicators read; Taxonomy ships them. The two must agree.</summary>
public sealed class IndicatorEvidenceKindsTests
{
    public static TheoryData<string, EvidenceType> KindsAndTypes() => new()
    {
        { IndicatorEvidenceKinds.RlwAccredited, EvidenceType.Bool },
        { IndicatorEvidenceKinds.ShareStaffPaidRlw, EvidenceType.Percent },
        { IndicatorEvidenceKinds.FlexibleFromDayOne, EvidenceType.Bool },
        { IndicatorEvidenceKinds.UnionRecognised, EvidenceType.Bool },
        { IndicatorEvidenceKinds.GenderPayGapMedian, EvidenceType.Percent },
        { IndicatorEvidenceKinds.ApprenticeshipStarts, EvidenceType.Count },
    };

    [Theory]
    [MemberData(nameof(KindsAndTypes))]
    public void EveryKindTheIndicatorsRead_IsShippedByTaxonomy_WithTheTypeReadFromIt(string kindId, EvidenceType type)
    {
        var kind = StandardCatalogue.Value.FindKind(kindId);

        Assert.NotNull(kind);
        Assert.Equal(type, kind.Type);
    }

    [Fact]
    public void KindsAndTypes_CoverEveryKindTheIndicatorsRead()
    {
        Assert.Equal(IndicatorEvidenceKinds.All.Order(StringComparer.Ordinal),
            KindsAndTypes().Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }
}
