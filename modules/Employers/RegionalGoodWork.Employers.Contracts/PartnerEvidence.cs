using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>One item a partner pushes: for an employer named by id or by company number.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.partner-item")]
public sealed record PartnerItemInput(
    [property: Id(0)] string? EmployerId,
    [property: Id(1)] string? CompanyNumber,
    [property: Id(2)] EvidenceItemInput Item);

/// <summary>
/// POST /partners/{partnerId}/evidence: items for any number of employers, recorded as partner-verified by
/// <paramref name="PartnerId"/>. Each item stands alone: one that cannot be taken (unknown employer, a kind the partner
/// does not verify, a bad value) is rejected with its reason, the others are stored, one batch per employer.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.submit-partner-evidence")]
public sealed record SubmitPartnerEvidence(
    [property: Id(0)] string PartnerId,
    [property: Id(1)] IReadOnlyList<PartnerItemInput?>? Items,
    [property: Id(2)] string SubmittedBy);

[GenerateSerializer, Immutable, Alias("rgw.employers.partner-item-accepted")]
public sealed record PartnerItemAccepted(
    [property: Id(0)] int Index,
    [property: Id(1)] string EmployerId,
    [property: Id(2)] string Id,
    [property: Id(3)] string Kind);

[GenerateSerializer, Immutable, Alias("rgw.employers.partner-item-rejected")]
public sealed record PartnerItemRejected([property: Id(0)] int Index, [property: Id(1)] string Reason);

/// <summary>What became of each item, by its index in the request.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.partner-evidence-submitted")]
public sealed record PartnerEvidenceSubmitted(
    [property: Id(0)] IReadOnlyList<PartnerItemAccepted> Accepted,
    [property: Id(1)] IReadOnlyList<PartnerItemRejected> Rejected);

/// <summary>Takes partners' evidence (a stateless worker: the employers are the source of truth).</summary>
public interface IPartnerEvidenceGrain : IGrainWithIntegerKey
{
    /// <summary>Invalid only for a request that is not a list of 1 to <see cref="PartnerEvidenceLimits.MaxItems"/> items.</summary>
    Task<Outcome<PartnerEvidenceSubmitted>> SubmitAsync(SubmitPartnerEvidence command);
}

public static class PartnerEvidenceLimits
{
    public const int MaxItems = 5000;
}
