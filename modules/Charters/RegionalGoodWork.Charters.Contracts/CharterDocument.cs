using System.Globalization;
using System.Text.Json.Serialization;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// A charter definition in its wire shape (api.md): the body of <c>PUT /charters/{id}/draft</c>, and, with
/// <see cref="Id"/>, <see cref="Draft"/> or <see cref="Version"/>, <see cref="PublishedAt"/> and <see cref="Versions"/>,
/// what the charter routes answer. The host serialises it; the Charters module reads the same shape back. Absent
/// optional fields are left out, not written as null.
/// </summary>
public sealed record CharterDocument
{
    [JsonPropertyName("id"), JsonPropertyOrder(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    [JsonPropertyName("draft"), JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Draft { get; init; }

    [JsonPropertyName("version"), JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Version { get; init; }

    [JsonPropertyName("name"), JsonPropertyOrder(3)]
    public required string Name { get; init; }

    [JsonPropertyName("owner"), JsonPropertyOrder(4)]
    public required string Owner { get; init; }

    [JsonPropertyName("description"), JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonPropertyName("notes"), JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notes { get; init; }

    [JsonPropertyName("tiers"), JsonPropertyOrder(7)]
    public required IReadOnlyList<string> Tiers { get; init; }

    [JsonPropertyName("requirements"), JsonPropertyOrder(8)]
    public required IReadOnlyList<RequirementDocument> Requirements { get; init; }

    /// <summary>ISO 8601 in UTC (<c>2026-05-01T09:30:00.0000000Z</c>).</summary>
    [JsonPropertyName("publishedAt"), JsonPropertyOrder(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PublishedAt { get; init; }

    [JsonPropertyName("versions"), JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Versions { get; init; }

    /// <summary>The business date (ISO, <c>2026-09-01</c>) the version is in force from; only for a version published with one.</summary>
    [JsonPropertyName("effectiveFrom"), JsonPropertyOrder(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EffectiveFrom { get; init; }

    /// <summary>The days after <see cref="EffectiveFrom"/> the existing members keep their version; only with <see cref="EffectiveFrom"/>.</summary>
    [JsonPropertyName("gracePeriodDays"), JsonPropertyOrder(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? GracePeriodDays { get; init; }

    /// <summary>The business date the existing members are moved to this version; only with <see cref="EffectiveFrom"/>.</summary>
    [JsonPropertyName("membersMoveOn"), JsonPropertyOrder(13), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MembersMoveOn { get; init; }

    /// <summary>The charter's own route, while the latest version is not yet in force: the version joiners join today.</summary>
    [JsonPropertyName("versionInForce"), JsonPropertyOrder(14), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? VersionInForce { get; init; }

    /// <summary>The charter's own route, while the existing members are not yet moved to the latest: the version they are to be on today.</summary>
    [JsonPropertyName("membersVersion"), JsonPropertyOrder(15), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MembersVersion { get; init; }
    /// <summary><c>"officer"</c>: a tier is held only once an officer of the charter approved it (officer review).</summary>
    [JsonPropertyName("review"), JsonPropertyOrder(16), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Review { get; init; }

    /// <summary>A bare definition (no id): what a draft PUT sends.</summary>
    public static CharterDocument Of(CharterDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new CharterDocument
        {
            Name = definition.Name,
            Owner = definition.Owner,
            Description = definition.Description,
            Notes = definition.Notes,
            Review = definition.Review,
            Tiers = definition.Tiers,
            Requirements = definition.Requirements.Select(RequirementDocument.Of).ToList(),
        };
    }

    /// <summary>A charter's draft (<c>GET/PUT /charters/{id}/draft</c>).</summary>
    public static CharterDocument OfDraft(string charterId, CharterDefinition draft) => Of(draft) with { Id = charterId, Draft = true };

    /// <summary>A published version; <paramref name="versions"/> (every version number) for the charter's own route.</summary>
    public static CharterDocument OfVersion(CharterVersion version, IReadOnlyList<int>? versions = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Of(version.Definition) with
        {
            Id = version.CharterId,
            Version = version.Version,
            PublishedAt = version.PublishedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            Versions = versions,
            EffectiveFrom = version.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            GracePeriodDays = version.EffectiveFrom is null ? null : version.GracePeriodDays,
            MembersMoveOn = version.EffectiveFrom is null ? null : version.MembersMoveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// A charter's own route: its latest version, every version number, and while the latest is not yet in force or its
    /// members not yet moved, the version in force and the members' version.
    /// </summary>
    public static CharterDocument OfOverview(CharterOverview overview)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var latest = overview.Latest.Version;
        return OfVersion(overview.Latest, overview.Versions) with
        {
            VersionInForce = overview.InForce is > 0 && overview.InForce != latest ? overview.InForce : null,
            MembersVersion = overview.ForMembers is > 0 && overview.ForMembers != latest ? overview.ForMembers : null,
        };
    }
}

/// <summary>A requirement in its wire shape; <see cref="Unconfirmed"/> is written only when true.</summary>
public sealed record RequirementDocument(
    [property: JsonPropertyName("id"), JsonPropertyOrder(0)] string Id,
    [property: JsonPropertyName("title"), JsonPropertyOrder(1)] string Title,
    [property: JsonPropertyName("tier"), JsonPropertyOrder(2)] string Tier,
    [property: JsonPropertyName("principle"), JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Principle,
    [property: JsonPropertyName("rule"), JsonPropertyOrder(4)] Rule Rule,
    [property: JsonPropertyName("unconfirmed"), JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Unconfirmed,
    [property: JsonPropertyName("notes"), JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes)
{
    public static RequirementDocument Of(Requirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return new(requirement.Id, requirement.Title, requirement.Tier, requirement.Principle, requirement.Rule,
            requirement.Unconfirmed ? true : null, requirement.Notes);
    }
}
