using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Review;

/// <summary>
/// What a membership of a charter under officer review keeps (null for other charters): the approved tier with the
/// decision and the snapshot of the evidence it rested on, the application waiting, the last rejection, and — recomputed
/// at every assessment — the tier the evidence reaches and why a review is due.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.review-state")]
internal sealed record ReviewState(
    [property: Id(0)] string? ApprovedTier,
    [property: Id(1)] ReviewDecision? Approval,
    [property: Id(2)] IReadOnlyList<ApprovedEvidence> Snapshot,
    [property: Id(3)] ApplicationView? Pending,
    [property: Id(4)] ReviewDecision? Rejection,
    [property: Id(5)] string? AssessedTier,
    [property: Id(6)] IReadOnlyList<string> Reasons)
{
    public static readonly ReviewState None = new(null, null, [], null, null, null, []);

    public bool Due => Reasons.Count > 0;

    /// <summary>Same content (records compare lists by reference).</summary>
    public bool SameAs(ReviewState? other) =>
        other is not null && ApprovedTier == other.ApprovedTier && Approval == other.Approval && AssessedTier == other.AssessedTier &&
        Snapshot.SequenceEqual(other.Snapshot) && Rejection == other.Rejection &&
        (Pending is null ? other.Pending is null : other.Pending is not null && Pending.Tier == other.Pending.Tier &&
            Pending.AppliedAt == other.Pending.AppliedAt && Pending.EvidenceItemIds.SequenceEqual(other.Pending.EvidenceItemIds, StringComparer.Ordinal)) &&
        Reasons.SequenceEqual(other.Reasons, StringComparer.Ordinal);

    public MembershipReview ToView() => new(
        Due ? "due" : Pending is not null ? "waiting" : "ok",
        AssessedTier, ApprovedTier, Approval, Snapshot, Pending, Rejection, Reasons);
}

/// <summary>The officer review rules (pure), applied to every assessment of a membership of a charter under review.</summary>
internal static class OfficerReviews
{
    /// <summary>
    /// From the tier the evidence reaches (<paramref name="assessed"/>): the assessment shown (its tier is the lower of the
    /// assessed and the approved tier, its next tier the one above that) and the review kept. An application waits while
    /// the evidence reaches a tier above the approved one, or reaches a tier while a review is due (an item of the approval
    /// was superseded by a newer item of its kind, or is no longer in force); it is kept (its time included) while it asks
    /// for the same tier on the same items, and none is made again for what an officer rejected. For a charter not under
    /// review: the assessment as it is, and no review. A membership coming under review for the first time (its charter's new
    /// version asks for review: <paramref name="held"/> is null) keeps the tier it held before (<paramref name="tierBeforeReview"/>)
    /// as approved, with no snapshot — only a higher tier waits for an officer — so a version turning review on never strips
    /// its members' tiers on the day they move.
    /// </summary>
    public static (MembershipAssessment Shown, ReviewState? Review) Apply(
        CharterVersion version, MembershipAssessment assessed, ReviewState? held, IReadOnlyDictionary<string, EvidenceFact> facts, DateTimeOffset now,
        string? tierBeforeReview = null)
    {
        if (!version.Definition.ReviewedByOfficer)
        {
            return (assessed, null);
        }

        var review = held ?? ReviewState.None with { ApprovedTier = tierBeforeReview };
        var tiers = version.Definition.Tiers;
        var assessedIndex = version.Definition.TierIndex(assessed.Tier);
        var approvedIndex = version.Definition.TierIndex(review.ApprovedTier);
        var reasons = review.Snapshot
            .Select(item => facts.TryGetValue(item.Kind, out var fact)
                ? fact.ItemId == item.Id ? null : $"{item.Id} ({item.Kind}) was superseded by {fact.ItemId}"
                : $"{item.Id} ({item.Kind}) is no longer in force")
            .OfType<string>()
            .ToList();
        var evidence = assessed.Evidence.Values.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        ApplicationView? pending = null;
        if (assessed.Tier is { } tier && (assessedIndex > approvedIndex || reasons.Count > 0))
        {
            var rejected = review.Rejection is { } r && r.Tier == tier && r.EvidenceItemIds.SequenceEqual(evidence, StringComparer.Ordinal);
            pending = rejected ? null
                : review.Pending is { } p && p.Tier == tier && p.EvidenceItemIds.SequenceEqual(evidence, StringComparer.Ordinal) ? p
                : new ApplicationView(tier, evidence, now);
        }

        var shownIndex = Math.Min(assessedIndex, approvedIndex);
        var shown = shownIndex == assessedIndex
            ? assessed
            : assessed with { Tier = shownIndex < 0 ? null : tiers[shownIndex], NextTier = tiers[shownIndex + 1] };
        return (shown, review with { AssessedTier = assessed.Tier, Pending = pending, Reasons = reasons });
    }

    /// <summary>An officer verified <paramref name="itemId"/>: the approval's snapshot rests on the verified copy instead (the same value and dates).</summary>
    public static ReviewState Verified(ReviewState review, string itemId, EvidenceRecord copy) =>
        review with
        {
            Snapshot = review.Snapshot.Select(e => e.Id == itemId
                ? new ApprovedEvidence(copy.Id, copy.Kind, copy.Value, copy.EffectiveFrom, copy.ValidUntil, copy.Source)
                : e).ToList(),
        };

    /// <summary>
    /// The decision on the waiting application: approved, its tier is the approved one and the items it rests on are kept as
    /// they are now (<paramref name="evidence"/>, the locker); rejected, it is closed and remembered, so it is not made again
    /// on the same evidence.
    /// </summary>
    public static ReviewState Decide(ReviewState review, ApplicationVerdict verdict, string? note, string decidedBy, DateTimeOffset now,
        IReadOnlyList<EvidenceRecord> evidence)
    {
        var pending = review.Pending!;
        var decision = new ReviewDecision(pending.Tier, now, decidedBy, note, pending.EvidenceItemIds);
        if (verdict == ApplicationVerdict.Rejected)
        {
            return review with { Pending = null, Rejection = decision };
        }

        var ids = pending.EvidenceItemIds.ToHashSet(StringComparer.Ordinal);
        var snapshot = evidence.Where(e => ids.Contains(e.Id))
            .Select(e => new ApprovedEvidence(e.Id, e.Kind, e.Value, e.EffectiveFrom, e.ValidUntil, e.Source))
            .ToList();
        return review with { ApprovedTier = pending.Tier, Approval = decision, Snapshot = snapshot, Pending = null, Rejection = null, Reasons = [] };
    }
}

/// <summary>What a charter's applications list should hold for this employer (<see cref="Application"/> null: none waits).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.application-notice")]
internal sealed record ApplicationNotice(
    [property: Id(0)] string CharterId,
    [property: Id(1)] CharterApplication? Application,
    [property: Id(2)] long Stamp)
{
    public bool SameContentAs(ApplicationNotice other) =>
        (Application, other.Application) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.Tier == b.Tier && a.ApprovedTier == b.ApprovedTier && a.AppliedAt == b.AppliedAt && a.ReviewDue == b.ReviewDue &&
                              a.CharterVersion == b.CharterVersion && a.EvidenceItemIds.SequenceEqual(b.EvidenceItemIds, StringComparer.Ordinal),
            _ => false,
        };

    /// <summary>The notice a membership asks for now: its waiting application while active, else none.</summary>
    public static ApplicationNotice For(string employerId, Membership membership, long stamp) =>
        new(membership.CharterId,
            membership is { IsActive: true, Review.Pending: { } p }
                ? new CharterApplication(employerId, p.Tier, membership.Review.ApprovedTier, p.EvidenceItemIds, p.AppliedAt, membership.Review.Due, membership.CharterVersion)
                : null,
            stamp);
}
