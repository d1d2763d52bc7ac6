using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// The current value of one evidence kind for an employer, the id of the evidence item it comes from and the date it is
/// effective from (which wage rate was in force for it; null: unknown, so a rate comparison is not met).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.evidence-fact")]
public sealed record EvidenceFact(
    [property: Id(0)] EvidenceValue Value,
    [property: Id(1)] string ItemId,
    [property: Id(2)] DateOnly? EffectiveFrom = null);

/// <summary>
/// What a leaf compared with a wage rate needs besides the evidence: every announced rate, the areas the employer's
/// staff work in (a site in Greater London: <see cref="WageArea.London"/>; elsewhere <see cref="WageArea.Uk"/>), and the
/// day assessed (<see cref="On"/>, the business clock's today). The employer's one figure must meet the rate of every
/// area it has a site in; no sites counts as the UK rate. A figure is compared with the rate in force on the later of its
/// effective date and <see cref="On"/>: once a new rate's pay-by date has come, a figure below it no longer meets it,
/// whenever it became effective (the annual uplift). Without <see cref="On"/>, the rate of the effective date.
/// </summary>
public sealed record RateContext(WageRateTable Rates, IReadOnlyList<WageArea> Areas, DateOnly? On = null)
{
    /// <summary>The rates, each area's, that a value effective on <paramref name="day"/> is compared with (null where no rate of the scheme was in force).</summary>
    public IReadOnlyList<decimal?> RatesFor(string scheme, DateOnly day)
    {
        var compared = On is { } on && on > day ? on : day;
        return AreasOrUk.Select(a => Rates.RateInForce(scheme, a, compared)).ToList();
    }

    /// <summary>The same rates and areas assessed as of <paramref name="day"/>.</summary>
    public RateContext AsOf(DateOnly day) => this with { On = day };

    internal IEnumerable<WageArea> AreasOrUk => Areas.Count == 0 ? [WageArea.Uk] : Areas.Distinct();
}

/// <summary>
/// A requirement met today that will stop being met on <see cref="Date"/>, the pay-by date of an announced rate, unless a
/// new figure of <see cref="Kind"/> meets <see cref="Rate"/> (the announced rate where the staff work, the strictest of
/// the employer's areas) by then.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.rate-due")]
public sealed record RateDue(
    [property: Id(0)] string RequirementId,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] decimal Rate,
    [property: Id(4)] string Scheme);

/// <summary>Whether a rule holds, and the evidence items that decided it (empty when it does not hold).</summary>
public sealed record RuleResult(bool Met, IReadOnlyList<string> EvidenceItemIds);

/// <summary>One requirement assessed: met or missing, with the evidence items that decided a met requirement.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.requirement-assessment")]
public sealed record RequirementAssessment(
    [property: Id(0)] string RequirementId,
    [property: Id(1)] string Tier,
    [property: Id(2)] bool Met,
    [property: Id(3)] IReadOnlyList<string> EvidenceItemIds);

/// <summary>
/// A charter version assessed against an employer's current evidence: every requirement met or missing, the tier held
/// (null when not even the lowest tier is held) and the next tier (null at the top).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.assessment")]
public sealed record CharterAssessment(
    [property: Id(0)] string CharterId,
    [property: Id(1)] int Version,
    [property: Id(2)] string? Tier,
    [property: Id(3)] string? NextTier,
    [property: Id(4)] IReadOnlyList<RequirementAssessment> Requirements)
{
    public IReadOnlyList<string> Met => Requirements.Where(r => r.Met).Select(r => r.RequirementId).ToList();

    public IReadOnlyList<string> Missing => Requirements.Where(r => !r.Met).Select(r => r.RequirementId).ToList();
}

/// <summary>One evidence kind that would help a not-met requirement of the next tier.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.evidence-request")]
public sealed record EvidenceRequest(
    [property: Id(0)] string Kind,
    [property: Id(1)] string CharterId,
    [property: Id(2)] string RequirementId,
    [property: Id(3)] string Tier);

/// <summary>
/// A what-if assessment (<c>POST /charters/{id}/assess</c>): the version assessed against the evidence given, and what
/// would move it to the next tier. Nothing is stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.what-if")]
public sealed record WhatIfAssessment(
    [property: Id(0)] string CharterId,
    [property: Id(1)] int Version,
    [property: Id(2)] string? Tier,
    [property: Id(3)] string? NextTier,
    [property: Id(4)] IReadOnlyList<string> Met,
    [property: Id(5)] IReadOnlyList<string> Missing,
    [property: Id(6)] IReadOnlyList<RequirementAssessment> Requirements,
    [property: Id(7)] IReadOnlyList<EvidenceRequest> EvidenceRequests);

/// <summary>
/// The one rule evaluator: pure, no I/O, safe to run inside any grain against cached immutable charter versions.
/// Missing evidence makes a leaf not met (also for <c>ne</c>). Combinations: allOf, anyOf, atLeast n of.
/// </summary>
public static class CharterEvaluator
{
    /// <summary>Assesses every requirement of a published version and works out the tier held and the next tier.</summary>
    public static CharterAssessment Assess(CharterVersion version, IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates = null,
        KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(evidence);
        var definition = version.Definition;
        var implied = (implications ?? KindImplications.None).Derive(evidence);
        var results = definition.Requirements
            .Select(r =>
            {
                var outcome = Evaluate(r.Rule, evidence, rates, implied);
                return new RequirementAssessment(r.Id, r.Tier, outcome.Met, outcome.EvidenceItemIds);
            })
            .ToList();
        var (tier, next) = TierHeld(definition, results);
        return new CharterAssessment(version.CharterId, version.Version, tier, next, results);
    }

    /// <summary>
    /// The highest tier whose requirements, and all lower tiers', are met (a tier with no requirements is held on joining),
    /// and the tier after it.
    /// </summary>
    public static (string? Tier, string? NextTier) TierHeld(CharterDefinition definition, IReadOnlyList<RequirementAssessment> results)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(results);
        var held = -1;
        for (var i = 0; i < definition.Tiers.Count; i++)
        {
            var tier = definition.Tiers[i];
            if (results.Any(r => !r.Met && string.Equals(r.Tier, tier, StringComparison.Ordinal)))
            {
                break;
            }

            held = i;
        }

        return (held >= 0 ? definition.Tiers[held] : null, held + 1 < definition.Tiers.Count ? definition.Tiers[held + 1] : null);
    }

    /// <summary>
    /// Evaluates one rule against the evidence. A leaf compared with a wage rate needs <paramref name="rates"/>: without
    /// it, or without a rate in force on the evidence's effective date, it is not met. With <paramref name="implications"/>,
    /// a leaf not met by its kind's own evidence is met by a fact the evidence implies (<see cref="Entails"/>), decided
    /// by the implying item.
    /// </summary>
    public static RuleResult Evaluate(Rule rule, IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates = null,
        KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evidence);
        return Evaluate(rule, evidence, rates, (implications ?? KindImplications.None).Derive(evidence));
    }

    /// <summary>
    /// Evaluates one rule against the evidence and what it implies, derived once (<see cref="KindImplications.Derive"/>)
    /// for several rules.
    /// </summary>
    public static RuleResult Evaluate(Rule rule, IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates,
        IReadOnlyDictionary<string, IReadOnlyList<ImpliedFact>> implied)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(implied);
        if (rule.IsLeaf)
        {
            var fact = rule.Kind is null ? null : evidence.GetValueOrDefault(rule.Kind);
            var holds = rule.ComparesWithRate ? HoldsAgainstRate(rule, fact, rates) : Holds(rule, fact?.Value);
            if (holds)
            {
                return new RuleResult(true, [fact!.ItemId]);
            }

            var by = rule.Kind is null ? null : implied.GetValueOrDefault(rule.Kind)?.FirstOrDefault(i => Entails(i, rule, rates));
            return by is null ? NotMet : new RuleResult(true, [by.Source.ItemId]);
        }

        var children = (rule.Of ?? []).Select(c => Evaluate(c, evidence, rates, implied)).ToList();
        var metCount = children.Count(c => c.Met);
        var met = rule.Op switch
        {
            RuleOp.AllOf => children.Count > 0 && metCount == children.Count,
            RuleOp.AnyOf => metCount > 0,
            RuleOp.AtLeast => rule.AtLeast >= 1 && metCount >= rule.AtLeast,
            _ => false,
        };
        return met
            ? new RuleResult(true, children.Where(c => c.Met).SelectMany(c => c.EvidenceItemIds).Distinct(StringComparer.Ordinal).ToList())
            : NotMet;
    }

    /// <summary>
    /// Whether a leaf compared with a wage rate holds for a fact: the fact's number against the scheme's rate in force on
    /// its effective date for every area in <paramref name="rates"/> (all must hold). Before an announcement's pay-by
    /// date the previous rate is in force; no rate in force, no effective date or no context: not met.
    /// </summary>
    public static bool HoldsAgainstRate(Rule leaf, EvidenceFact? fact, RateContext? rates)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (fact is not { Value.Number: { } value, EffectiveFrom: { } day } || rates is null || leaf.Rate is not { } scheme)
        {
            return false;
        }

        var compared = rates.RatesFor(scheme, day);
        return compared.Count > 0 && compared.All(rate => rate is { } r && Compare(leaf.Op, value.CompareTo(r)));
    }

    /// <summary>
    /// Whether an implied fact meets a leaf on its kind. An implied value (<c>eq</c>) is tested like a submitted one (on the
    /// implying evidence's date for a rate leaf). An implied bound (<c>gte</c>/<c>lte</c> a constant, or the rate in force
    /// for every area of <paramref name="rates"/> on the implying evidence's date) meets only a leaf every value within the
    /// bound meets: <c>present</c>, or a bound in the same direction at most as far (a constant, or a rate in force then).
    /// </summary>
    public static bool Entails(ImpliedFact implied, Rule leaf, RateContext? rates)
    {
        ArgumentNullException.ThrowIfNull(implied);
        ArgumentNullException.ThrowIfNull(leaf);
        if (!leaf.IsLeaf || !string.Equals(leaf.Kind, implied.Kind, StringComparison.Ordinal))
        {
            return false;
        }

        if (leaf.Op == RuleOp.Present)
        {
            return true;
        }

        if (implied.Op == KindImplication.Eq)
        {
            return implied.Value is { } value &&
                   (leaf.ComparesWithRate ? HoldsAgainstRate(leaf, new EvidenceFact(value, implied.Source.ItemId, implied.Source.EffectiveFrom), rates) : Holds(leaf, value));
        }

        var day = implied.Source.EffectiveFrom;
        var bounds = implied.Rate is { } scheme
            ? (rates is null || day is null ? [] : rates.RatesFor(scheme, day.Value))
            : [implied.Value?.Number];
        if (bounds.Count == 0 || bounds.Any(b => b is null))
        {
            return false;
        }

        var atLeast = implied.Op == KindImplication.Gte;
        var bound = atLeast ? bounds.Max(b => b!.Value) : bounds.Min(b => b!.Value);
        IReadOnlyList<decimal?> wanted = leaf.Rate is { } leafScheme
            ? (rates is null || day is null ? [] : rates.RatesFor(leafScheme, day.Value))
            : [leaf.Value?.Number];
        if (wanted.Count == 0 || wanted.Any(w => w is null))
        {
            return false;
        }

        // x >= bound meets "x >= w" for every w at most the bound (x > w below it); x <= bound the mirror image.
        return (atLeast, leaf.Op) switch
        {
            (true, RuleOp.Gte) => wanted.All(w => bound >= w!.Value),
            (true, RuleOp.Gt) => wanted.All(w => bound > w!.Value),
            (false, RuleOp.Lte) => wanted.All(w => bound <= w!.Value),
            (false, RuleOp.Lt) => wanted.All(w => bound < w!.Value),
            _ => false,
        };
    }

    /// <summary>
    /// The annual uplift: each requirement met as of <see cref="RateContext.On"/> that an announced rate not yet to be
    /// paid would fail on its pay-by date (the same evidence assessed as of that day), with the rate leaves that would
    /// fail it — the earliest such date only. Empty without a context or its day.
    /// </summary>
    public static IReadOnlyList<RateDue> DueBy(CharterVersion version, CharterAssessment assessment,
        IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(evidence);
        if (rates?.On is not { } today)
        {
            return [];
        }

        var due = new List<RateDue>();
        foreach (var result in assessment.Requirements.Where(r => r.Met))
        {
            if (version.Definition.FindRequirement(result.RequirementId) is not { } requirement)
            {
                continue;
            }

            var leaves = requirement.Rule.Leaves().Where(l => l.ComparesWithRate).ToList();
            var days = leaves.SelectMany(l => rates.Rates.Upcoming(l.Rate!, today)).Select(r => r.PayBy).Distinct().Order();
            foreach (var day in days)
            {
                var then = rates.AsOf(day);
                if (Evaluate(requirement.Rule, evidence, then).Met)
                {
                    continue;
                }

                foreach (var leaf in leaves)
                {
                    var fact = evidence.GetValueOrDefault(leaf.Kind!);
                    if (HoldsAgainstRate(leaf, fact, rates) && !HoldsAgainstRate(leaf, fact, then))
                    {
                        var at = then.RatesFor(leaf.Rate!, day).OfType<decimal>().ToList();
                        if (at.Count == 0)
                        {
                            continue;
                        }

                        var rate = leaf.Op is RuleOp.Lt or RuleOp.Lte ? at.Min() : at.Max();
                        due.Add(new RateDue(requirement.Id, leaf.Kind!, day, rate, leaf.Rate!));
                    }
                }

                break;
            }
        }

        return due;
    }

    private static bool Compare(RuleOp op, int c) => op switch
    {
        RuleOp.Eq => c == 0,
        RuleOp.Ne => c != 0,
        RuleOp.Gt => c > 0,
        RuleOp.Gte => c >= 0,
        RuleOp.Lt => c < 0,
        RuleOp.Lte => c <= 0,
        _ => false,
    };

    /// <summary>
    /// Whether a leaf holds for a value (null = no evidence). Comparisons need a value of the rule's type; <c>present</c>
    /// holds for any value. A leaf compared with a wage rate never holds here (see <see cref="HoldsAgainstRate"/>).
    /// </summary>
    public static bool Holds(Rule leaf, EvidenceValue? value)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (value is null || !leaf.IsLeaf || leaf.ComparesWithRate)
        {
            return false;
        }

        switch (leaf.Op)
        {
            case RuleOp.Present:
                return true;
            case RuleOp.In:
                return (leaf.Values ?? []).Any(v => SameValue(v, value));
            case RuleOp.Eq:
                return leaf.Value is not null && SameValue(leaf.Value, value);
            case RuleOp.Ne:
                return leaf.Value is not null && leaf.Value.Type == value.Type && !SameValue(leaf.Value, value);
            default:
                if (leaf.Value is null || value.CompareTo(leaf.Value) is not { } c)
                {
                    return false;
                }

                return leaf.Op switch
                {
                    RuleOp.Gt => c > 0,
                    RuleOp.Gte => c >= 0,
                    RuleOp.Lt => c < 0,
                    RuleOp.Lte => c <= 0,
                    _ => false,
                };
        }
    }

    /// <summary>
    /// The evidence kinds that would help a rule that is not met: the kind of an unmet leaf; for allOf and atLeast the
    /// kinds of the unmet parts; for anyOf every alternative's. Empty when the rule is met.
    /// </summary>
    public static IReadOnlyList<string> KindsThatWouldHelp(Rule rule, IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates = null,
        KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(evidence);
        return KindsThatWouldHelp(rule, evidence, rates, (implications ?? KindImplications.None).Derive(evidence));
    }

    private static List<string> KindsThatWouldHelp(Rule rule, IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates,
        IReadOnlyDictionary<string, IReadOnlyList<ImpliedFact>> implied)
    {
        var kinds = new List<string>();
        Collect(rule, evidence, kinds, rates, implied);
        return kinds.Distinct(StringComparer.Ordinal).ToList();

        static void Collect(Rule r, IReadOnlyDictionary<string, EvidenceFact> evidence, List<string> into, RateContext? rates,
            IReadOnlyDictionary<string, IReadOnlyList<ImpliedFact>> implied)
        {
            // A part the evidence already meets, itself or through what it implies, is not asked for.
            if (Evaluate(r, evidence, rates, implied).Met)
            {
                return;
            }

            if (r.IsLeaf)
            {
                into.Add(r.Kind!);
                return;
            }

            foreach (var child in r.Of ?? [])
            {
                Collect(child, evidence, into, rates, implied);
            }
        }
    }

    /// <summary>
    /// What would move the employer to the next tier: for each not-met requirement of <see cref="CharterAssessment.NextTier"/>,
    /// the kinds that would help it. Empty at the top tier.
    /// </summary>
    public static IReadOnlyList<EvidenceRequest> NextTierRequests(CharterVersion version, CharterAssessment assessment,
        IReadOnlyDictionary<string, EvidenceFact> evidence, RateContext? rates = null, KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(evidence);
        if (assessment.NextTier is not { } next)
        {
            return [];
        }

        var implied = (implications ?? KindImplications.None).Derive(evidence);
        var requests = new List<EvidenceRequest>();
        foreach (var result in assessment.Requirements.Where(r => !r.Met && string.Equals(r.Tier, next, StringComparison.Ordinal)))
        {
            var requirement = version.Definition.FindRequirement(result.RequirementId);
            if (requirement is null)
            {
                continue;
            }

            requests.AddRange(KindsThatWouldHelp(requirement.Rule, evidence, rates, implied)
                .Select(k => new EvidenceRequest(k, version.CharterId, requirement.Id, requirement.Tier)));
        }

        return requests;
    }

    private static readonly RuleResult NotMet = new(false, []);

    private static bool SameValue(EvidenceValue a, EvidenceValue b) =>
        a.Type == b.Type && (a.CompareTo(b) is { } c ? c == 0 : Equals(a, b));
}
