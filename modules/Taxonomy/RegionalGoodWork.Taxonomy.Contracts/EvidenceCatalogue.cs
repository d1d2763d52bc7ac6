namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>
/// A snapshot of the taxonomy: the principles and every evidence kind, with a <see cref="Revision"/> that grows on each
/// change (so callers may cache it and refresh when the revision moves).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.catalogue")]
public sealed record EvidenceCatalogue(
    [property: Id(0)] int Revision,
    [property: Id(1)] IReadOnlyList<Principle> Principles,
    [property: Id(2)] IReadOnlyList<EvidenceKind> Kinds)
{
    // Lookups built on first use; keyed by the list they were built from, so a `with` copy never reads a stale one.
    [NonSerialized] private (IReadOnlyList<EvidenceKind> Source, Dictionary<string, EvidenceKind> ById)? kindIndex;
    [NonSerialized] private (IReadOnlyList<Principle> Source, HashSet<string> Ids)? principleIndex;

    public EvidenceKind? FindKind(string? kindId)
    {
        if (kindId is null)
        {
            return null;
        }

        if (kindIndex is not { } index || !ReferenceEquals(index.Source, Kinds))
        {
            index = (Kinds, Kinds.ToDictionary(k => k.Id, StringComparer.Ordinal));
            kindIndex = index;
        }

        return index.ById.GetValueOrDefault(kindId);
    }

    public bool HasPrinciple(string? principleId)
    {
        if (principleId is null)
        {
            return false;
        }

        if (principleIndex is not { } index || !ReferenceEquals(index.Source, Principles))
        {
            index = (Principles, new HashSet<string>(Principles.Select(p => p.Id), StringComparer.Ordinal));
            principleIndex = index;
        }

        return index.Ids.Contains(principleId);
    }
}

/// <summary>A kind saved through <see cref="ITaxonomyGrain.PutKindAsync"/>: the stored kind, whether it is new, and the catalogue revision.</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.kind-saved")]
public sealed record EvidenceKindSaved(
    [property: Id(0)] EvidenceKind Kind,
    [property: Id(1)] bool Created,
    [property: Id(2)] int Revision);
