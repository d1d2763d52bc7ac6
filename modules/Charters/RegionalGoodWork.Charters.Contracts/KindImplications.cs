using System.Runtime.CompilerServices;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// The taxonomy's kind implications (<see cref="EvidenceKind.Implies"/>) by implying kind, for the evaluator and the
/// alignment. Build with <see cref="From"/> (cached per catalogue snapshot); <see cref="None"/> applies nothing.
/// </summary>
public sealed class KindImplications
{
    private static readonly ConditionalWeakTable<EvidenceCatalogue, KindImplications> Cache = [];

    private readonly Dictionary<string, IReadOnlyList<KindImplication>> byKind;

    private KindImplications(Dictionary<string, IReadOnlyList<KindImplication>> byKind) => this.byKind = byKind;

    public static KindImplications None { get; } = new([]);

    /// <summary>The implications of every kind in the catalogue.</summary>
    public static KindImplications From(EvidenceCatalogue? catalogue) =>
        catalogue is null ? None : Cache.GetValue(catalogue, c => new KindImplications(c.Kinds
            .Where(k => k.Implies is { Count: > 0 })
            .ToDictionary(k => k.Id, k => k.Implies!, StringComparer.Ordinal)));

    /// <summary>Implications from a list of (implying kind, implication), e.g. those in force on a day.</summary>
    public static KindImplications FromLinks(IEnumerable<(string From, KindImplication Implication)> links) =>
        new(links.GroupBy(l => l.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<KindImplication>)g.Select(l => l.Implication).ToList(), StringComparer.Ordinal));

    /// <summary>What a fact of <paramref name="kindId"/> may imply (empty when nothing).</summary>
    public IReadOnlyList<KindImplication> Of(string kindId) => byKind.GetValueOrDefault(kindId) ?? [];

    public bool IsEmpty => byKind.Count == 0;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<ImpliedFact>> NothingDerived =
        new Dictionary<string, IReadOnlyList<ImpliedFact>>(StringComparer.Ordinal);

    /// <summary>Every implication as (implying kind, implication).</summary>
    public IEnumerable<(string From, KindImplication Implication)> All() =>
        byKind.SelectMany(e => e.Value.Select(i => (e.Key, i)));

    /// <summary>
    /// What the evidence implies, by implied kind: each submitted fact's implications whose condition holds, and theirs in
    /// turn when an implied fact is a value (<c>eq</c>), each carrying the submitted fact it rests on (its item and date).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ImpliedFact>> Derive(IReadOnlyDictionary<string, EvidenceFact> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (IsEmpty)
        {
            return NothingDerived;
        }

        var derived = new Dictionary<string, IReadOnlyList<ImpliedFact>>(StringComparer.Ordinal);

        var seen = new HashSet<(string Kind, EvidenceValue Value, string Item)>();
        var queue = new Queue<(string Kind, EvidenceValue Value, EvidenceFact Source)>(evidence.Select(e => (e.Key, e.Value.Value, e.Value)));
        while (queue.Count > 0)
        {
            var (kind, value, source) = queue.Dequeue();
            if (!seen.Add((kind, value, source.ItemId)))
            {
                continue;
            }

            foreach (var implication in Of(kind).Where(i => i.AppliesTo(value, source.EffectiveFrom)))
            {
                var fact = new ImpliedFact(implication.Kind, implication.Op, implication.Value, implication.Rate, source, kind);
                var list = (List<ImpliedFact>)(derived.GetValueOrDefault(implication.Kind) ?? (derived[implication.Kind] = new List<ImpliedFact>()));
                list.Add(fact);
                if (implication.Op == KindImplication.Eq && implication.Value is { } implied)
                {
                    queue.Enqueue((implication.Kind, implied, source));
                }
            }
        }

        return derived;
    }
}

/// <summary>
/// A fact implied by submitted evidence: <see cref="Kind"/> satisfies <see cref="Op"/> against <see cref="Value"/> or the
/// rate of <see cref="Rate"/> in force; it rests on <see cref="Source"/> (a fact of <see cref="From"/> or, through a chain,
/// of a kind that implied it).
/// </summary>
public sealed record ImpliedFact(string Kind, string Op, EvidenceValue? Value, string? Rate, EvidenceFact Source, string From);
