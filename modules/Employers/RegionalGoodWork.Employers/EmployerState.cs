using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Review;
using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.Employers.Profile;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Employers;

/// <summary>
/// Everything the employer grain persists, in one row: profile, the append-only evidence locker, memberships, and
/// the outbox of what the views (charter member indexes, councils) should show, with what they were last told.
/// </summary>
[GenerateSerializer, Alias("rgw.employers.state")]
internal sealed class EmployerState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Name { get; set; } = string.Empty;

    [Id(2)] public string? CompanyNumber { get; set; }

    [Id(3)] public List<string> SicCodes { get; set; } = [];

    [Id(4)] public List<Site> Sites { get; set; } = [];

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Every item accepted and not archived, oldest first: appended to, and left only for the archive pages
    /// (<see cref="ArchivedPages"/>) once it can never again be its kind's current value.
    /// </summary>
    [Id(7)] public List<EvidenceRecord> Evidence { get; set; } = [];

    /// <summary>The number of the last evidence item (item ids are <c>ev-{n}</c>).</summary>
    [Id(8)] public int LastEvidenceNumber { get; set; }

    /// <summary>Memberships by charter id, withdrawn ones included.</summary>
    [Id(9)] public Dictionary<string, Membership> Memberships { get; set; } = [];

    /// <summary>Grows by one on every state write; stamps what the views are told (they ignore older stamps).</summary>
    [Id(10)] public long Stamp { get; set; }

    /// <summary>What each council should hold for this employer (a removal once it has no staff there).</summary>
    [Id(11)] public Dictionary<string, EmployerContribution> Contributions { get; set; } = [];

    /// <summary>What each charter's member index should hold for this employer.</summary>
    [Id(12)] public Dictionary<string, MemberNotice> MemberNotices { get; set; } = [];

    /// <summary>The highest stamp each council / member index confirmed. Persisted with the next write; redelivery is harmless.</summary>
    [Id(13)] public Dictionary<string, long> ContributionsTold { get; set; } = [];

    [Id(14)] public Dictionary<string, long> MemberNoticesTold { get; set; } = [];

    /// <summary>The day the expiry reminder is armed for (the next day an item starts or stops being in force); null = none.</summary>
    [Id(15)] public DateOnly? ReminderDue { get; set; }

    /// <summary>What Companies House last said of the company (a partner's fact shown on the profile); null = never checked.</summary>
    [Id(16)] public CompaniesHouseRecord? CompaniesHouse { get; set; }

    /// <summary>Public contract awards naming the employer as a supplier (Contracts Finder), as recorded.</summary>
    [Id(17)] public List<ContractAward> Contracts { get; set; } = [];

    /// <summary>
    /// Webhook events raised by a change and not yet handed to the Webhooks module (an outbox, written with the change that
    /// raised them). Handed over after the write and on activation; a hand-over confirmed is removed in memory and stored
    /// with the next write (one handed over again is ignored by the webhooks that hold it: they keep event ids).
    /// </summary>
    [Id(18)] public List<WebhookEvent> EventsOwed { get; set; } = [];

    /// <summary>The last day whose expiries were noted (<c>evidence.expired</c> raised); null = before events existed (from today).</summary>
    [Id(19)] public DateOnly? ExpiriesNotedThrough { get; set; }

    /// <summary>Pages of superseded evidence moved out of <see cref="Evidence"/> (<see cref="IEvidenceArchivePageGrain"/> 1 … n).</summary>
    [Id(30)] public int ArchivedPages { get; set; }
    /// <summary>What each charter's applications list should hold for this employer (officer review; <c>Views/ViewOutbox.cs</c>).</summary>
    [Id(40)] public Dictionary<string, ApplicationNotice> ApplicationNotices { get; set; } = [];

    /// <summary>The highest stamp each charter's applications list confirmed.</summary>
    [Id(41)] public Dictionary<string, long> ApplicationNoticesTold { get; set; } = [];

    /// <summary>Sets the profile (creating the employer when it does not exist yet).</summary>
    public void SetProfile(ValidProfile profile, DateTimeOffset now)
    {
        if (!Exists)
        {
            CreatedAt = now;
        }

        Exists = true;
        Name = profile.Name;
        CompanyNumber = profile.CompanyNumber;
        SicCodes = profile.SicCodes.ToList();
        Sites = profile.Sites.ToList();
        UpdatedAt = now;
    }

    /// <summary>Appends a validated batch (ids <c>ev-{n}</c>, numbered on); items are never changed or removed.</summary>
    public IReadOnlyList<EvidenceAccepted> AppendEvidence(IReadOnlyList<ValidEvidence> items, string submittedBy, DateTimeOffset now)
    {
        var accepted = new List<EvidenceAccepted>(items.Count);
        foreach (var item in items)
        {
            var number = ++LastEvidenceNumber;
            var id = $"ev-{number}";
            Evidence.Add(new EvidenceRecord(id, item.Kind.Id, item.Value, item.EffectiveFrom, item.ValidUntil, item.Source,
                now, submittedBy, item.Note, number));
            accepted.Add(new EvidenceAccepted(id, item.Kind.Id));
        }

        UpdatedAt = now;
        return accepted;
    }

    public EmployerProfile ToProfile(string employerId) =>
        new(employerId, Name, CompanyNumber, SicCodes, Sites, Sites.Sum(s => s.Headcount), CreatedAt, UpdatedAt, CompaniesHouse);
}

/// <summary>One stored evidence item.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-record")]
internal sealed record EvidenceRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] EvidenceValue Value,
    [property: Id(3)] DateOnly EffectiveFrom,
    [property: Id(4)] DateOnly ValidUntil,
    [property: Id(5)] EvidenceSource Source,
    [property: Id(6)] DateTimeOffset SubmittedAt,
    [property: Id(7)] string SubmittedBy,
    [property: Id(8)] string? Note,
    [property: Id(9)] long Sequence)
{
    /// <summary>In force on <paramref name="day"/>: effectiveFrom ≤ day &lt; validUntil.</summary>
    public bool InForceOn(DateOnly day) => EffectiveFrom <= day && day < ValidUntil;

    public EvidenceItemView ToView(bool current) =>
        new(Id, Kind, Value, EffectiveFrom, ValidUntil, Source, SubmittedAt, SubmittedBy, Note, current);
}

/// <summary>A membership and its latest assessment (under officer review, <see cref="Review"/>: the assessment shown holds the approved tier).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.membership-state")]
internal sealed record Membership(
    [property: Id(0)] string CharterId,
    [property: Id(1)] int CharterVersion,
    [property: Id(2)] MembershipStatus Status,
    [property: Id(3)] MembershipAssessment Assessment,
    [property: Id(4)] DateTimeOffset JoinedAt,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] DateTimeOffset? WithdrawnAt,
    [property: Id(7)] DateTimeOffset AssessedAt,
    [property: Id(8)] ReviewState? Review = null)
{
    public bool IsActive => Status == MembershipStatus.Active;

    /// <summary>The tier held now: null when withdrawn or when no tier is met.</summary>
    public string? HeldTier => IsActive ? Assessment.Tier : null;

    public MembershipView ToView() => new(
        CharterId, CharterVersion, Status, Assessment.Tier, Assessment.NextTier, Assessment.Met, Assessment.Missing,
        Assessment.Evidence.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal),
        JoinedAt, Since, WithdrawnAt, AssessedAt, Assessment.Due, Review?.ToView());
}

/// <summary>
/// The outcome of assessing a charter version against the current evidence. <see cref="Evidence"/>: the items that
/// satisfied each met requirement. <see cref="Needs"/>: for each missing requirement of <see cref="NextTier"/>, the
/// kinds that would help meet it.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.assessment")]
internal sealed record MembershipAssessment(
    [property: Id(0)] string? Tier,
    [property: Id(1)] string? NextTier,
    [property: Id(2)] IReadOnlyList<string> Met,
    [property: Id(3)] IReadOnlyList<string> Missing,
    [property: Id(4)] IReadOnlyDictionary<string, IReadOnlyList<string>> Evidence,
    [property: Id(5)] IReadOnlyList<RequirementNeed> Needs,
    [property: Id(6)] IReadOnlyList<RequirementDue>? DueBy = null)
{
    public static readonly MembershipAssessment None = new(null, null, [], [], new Dictionary<string, IReadOnlyList<string>>(), []);

    /// <summary>What is due by an announced rate's pay-by date (none in a state written before the uplift).</summary>
    public IReadOnlyList<RequirementDue> Due => DueBy ?? [];

    /// <summary>Same result (records compare collections by reference).</summary>
    public bool SameAs(MembershipAssessment other) =>
        Tier == other.Tier && NextTier == other.NextTier &&
        Met.SequenceEqual(other.Met, StringComparer.Ordinal) && Missing.SequenceEqual(other.Missing, StringComparer.Ordinal) &&
        Evidence.Count == other.Evidence.Count &&
        Evidence.All(e => other.Evidence.TryGetValue(e.Key, out var o) && e.Value.SequenceEqual(o, StringComparer.Ordinal)) &&
        Needs.Count == other.Needs.Count && Needs.Zip(other.Needs).All(p => p.First.SameAs(p.Second)) &&
        Due.SequenceEqual(other.Due);
}

/// <summary>A missing requirement of the next tier and the evidence kinds that would help meet it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.requirement-need")]
internal sealed record RequirementNeed(
    [property: Id(0)] string RequirementId,
    [property: Id(1)] string Tier,
    [property: Id(2)] IReadOnlyList<string> Kinds)
{
    public bool SameAs(RequirementNeed other) =>
        RequirementId == other.RequirementId && Tier == other.Tier && Kinds.SequenceEqual(other.Kinds, StringComparer.Ordinal);
}

/// <summary>What a charter's member index should hold for this employer; <see cref="Active"/> false = remove.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.member-notice")]
internal sealed record MemberNotice(
    [property: Id(0)] string CharterId,
    [property: Id(1)] bool Active,
    [property: Id(2)] string? Tier,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] long Stamp,
    [property: Id(5)] int Version)
{
    public bool SameContentAs(MemberNotice other) =>
        Active == other.Active && Tier == other.Tier && Since == other.Since && Version == other.Version;
}
