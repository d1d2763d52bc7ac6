using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

public sealed class EvidenceBatchTests
{
    private static SubmitEvidence Batch(params EvidenceItemInput?[] items) => new(items, "admin", MayChooseSource: true);

    [Fact]
    public void Validate_NoDates_EffectiveTodayAndValidForTheKindsMonths()
    {
        var result = EvidenceBatch.Validate(Batch(
            new EvidenceItemInput("pay.rlw-accredited", Json("true")),
            new EvidenceItemInput("flex.flexible-from-day-one", Json("true"))), Catalogue, Today);

        Assert.True(result.IsOk);
        Assert.Equal((Today, new DateOnly(2027, 5, 1)), (result.Value![0].EffectiveFrom, result.Value[0].ValidUntil));
        Assert.Equal((Today, new DateOnly(2028, 5, 1)), (result.Value[1].EffectiveFrom, result.Value[1].ValidUntil));
        Assert.All(result.Value, v => Assert.Equal(EvidenceSource.SelfDeclared, v.Source));
    }

    [Fact]
    public void Validate_EffectiveFromOnly_ValidityCountsFromThatDate()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.share-staff-paid-rlw", Json("100"), EffectiveFrom: "2026-01-31")), Catalogue, Today);

        Assert.Equal(new DateOnly(2027, 1, 31), result.Value![0].ValidUntil);
    }

    [Fact]
    public void Validate_ExplicitValidUntil_IsKept()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.share-staff-paid-rlw", Json("99.5"), "2026-04-01", "2026-10-01")), Catalogue, Today);

        Assert.Equal(new DateOnly(2026, 10, 1), result.Value![0].ValidUntil);
        Assert.Equal(99.5m, result.Value[0].Value.Number);
    }

    [Fact]
    public void Validate_SeveralBadItems_RejectsTheBatchListingEveryProblemByIndex()
    {
        var result = EvidenceBatch.Validate(Batch(
            new EvidenceItemInput("pay.rlw-accredited", Json("true")),
            new EvidenceItemInput("no.such-kind", Json("true")),
            new EvidenceItemInput("pay.rlw-accredited", Json("\"yes\"")),
            new EvidenceItemInput("pay.share-staff-paid-rlw", Json("101")),
            new EvidenceItemInput("pay.share-staff-paid-rlw", Json("50"), "2026-05-01", "2026-04-30"),
            new EvidenceItemInput("conditions.shift-notice-days", Json("7.5")),
            new EvidenceItemInput("pay.contractors-rlw", Json("\"some\"")),
            new EvidenceItemInput("pay.rlw-accredited", null),
            new EvidenceItemInput("pay.rlw-accredited", Json("true"), "01/05/2026"),
            null), Catalogue, Today);

        Assert.False(result.IsOk);
        var errors = result.Problem!.Errors!;
        Assert.Equal(
            ["items[1].kind", "items[2].value", "items[3].value", "items[4].validUntil", "items[5].value", "items[6].value",
             "items[7].value", "items[8].effectiveFrom", "items[9]"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("at most 100", errors["items[3].value"].Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_ValidUntilEqualToEffectiveFrom_IsRejected()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.rlw-accredited", Json("true"), "2026-05-01", "2026-05-01")), Catalogue, Today);

        Assert.Equal(["items[0].validUntil"], result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Validate_ValidUntilBeforeTodayWithoutEffectiveFrom_IsRejected()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.rlw-accredited", Json("true"), ValidUntil: "2026-04-01")), Catalogue, Today);

        Assert.Equal(["items[0].validUntil"], result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Validate_NegativeGenderPayGap_IsAcceptedWithinTheKindsRange()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("equality.gender-pay-gap-median", Json("-3.5"))), Catalogue, Today);

        Assert.Equal(-3.5m, result.Value![0].Value.Number);
    }

    [Fact]
    public void Validate_EmptyBatch_IsRejected()
    {
        var result = EvidenceBatch.Validate(Batch(), Catalogue, Today);

        Assert.Equal(["items"], result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Validate_SourceNamedByAnAllowedSubmitter_IsKept()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.rlw-accredited", Json("true"), Source: "partner-verified")), Catalogue, Today);

        Assert.Equal(EvidenceSource.PartnerVerified, result.Value![0].Source);
    }

    [Fact]
    public void Validate_UnknownSource_IsRejected()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.rlw-accredited", Json("true"), Source: "trusted")), Catalogue, Today);

        Assert.Equal(["items[0].source"], result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Validate_SourceFromASubmitterThatMayNotChoose_IsRejected()
    {
        var command = new SubmitEvidence([new EvidenceItemInput("pay.rlw-accredited", Json("true"), Source: "officer-verified")], "partner-x",
            MayChooseSource: false, DefaultSource: EvidenceSource.PartnerVerified);

        var result = EvidenceBatch.Validate(command, Catalogue, Today);

        Assert.Equal(["items[0].source"], result.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Validate_APartnersBatch_TakesOnlyTheKindsThatPartnerVerifies()
    {
        var command = new SubmitEvidence(
            [new EvidenceItemInput("pay.rlw-accredited", Json("true")), new EvidenceItemInput("flex.flexible-from-day-one", Json("true"))],
            "key-1", DefaultSource: EvidenceSource.PartnerVerified, Verifier: "living-wage-register");

        var result = EvidenceBatch.Validate(command, Catalogue, Today);

        Assert.Equal(["items[1].kind"], result.Problem!.Errors!.Keys);
        Assert.True(EvidenceBatch.Validate(command with { Items = command.Items!.Take(1).ToList() }, Catalogue, Today).IsOk);
        Assert.False(EvidenceBatch.Validate(command with { Items = command.Items!.Take(1).ToList(), Verifier = "companies-house" }, Catalogue, Today).IsOk);
    }

    [Fact]
    public void Validate_SubmitterWithDefaultSource_ItemsGetIt()
    {
        var command = new SubmitEvidence([new EvidenceItemInput("pay.rlw-accredited", Json("true"))], "living-wage-register",
            DefaultSource: EvidenceSource.PartnerVerified);

        Assert.Equal(EvidenceSource.PartnerVerified, EvidenceBatch.Validate(command, Catalogue, Today).Value![0].Source);
    }

    [Fact]
    public void Validate_NoteTooLong_IsRejected()
    {
        var result = EvidenceBatch.Validate(Batch(new EvidenceItemInput("pay.rlw-accredited", Json("true"), Note: new string('x', EvidenceBatch.MaxNoteLength + 1))),
            Catalogue, Today);

        Assert.Equal(["items[0].note"], result.Problem!.Errors!.Keys);
    }
}
