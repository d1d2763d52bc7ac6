using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// The impact of a charter's draft (<see cref="IDraftImpactGrain"/>): the draft read again against the current taxonomy as
/// <see cref="ICharterGrain.PublishAsync"/> reads it, made the version it would become (stored nowhere), and every current
/// member of the index asked to assess it (<see cref="IDraftImpactSource"/>), <see cref="InFlight"/> at a time. A stateless
/// worker, so the charter grain is never held while its members are asked (they tell it their lines meanwhile).
/// </summary>
[StatelessWorker]
[GrainType("draft-impact")]
internal sealed class DraftImpactGrain(PlatformClock clock, ILogger<DraftImpactGrain> logger) : Grain, IDraftImpactGrain
{
    /// <summary>How many members are asked at once (a window that slides: a slow member does not hold the others back).</summary>
    internal const int InFlight = 64;

    public async Task<Outcome<DraftImpact>> RunAsync(string charterId)
    {
        ArgumentNullException.ThrowIfNull(charterId);
        var charter = GrainFactory.GetCharter(charterId);
        var latest = await charter.GetLatestVersionNumberAsync();
        if (await charter.GetDraftAsync() is not { } draft)
        {
            return Problem.Conflict(latest == 0
                ? $"Charter '{charterId}' has no draft: PUT /api/v1/charters/{charterId}/draft first."
                : $"Charter '{charterId}' has no draft (version {latest} is the latest): PUT a new draft to see whom it would move.");
        }

        // The taxonomy may have moved since the draft was saved: read it as publishing will.
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        var read = CharterDefinitionJson.Read(charterId, CharterDefinitionJson.Write(draft).ToJsonString(), catalogue);
        if (!read.IsOk)
        {
            return read.Problem!;
        }

        var version = new CharterVersion(charterId, latest + 1, read.Value!, clock.GetUtcNow());
        var members = await charter.GetMembersAsync();
        var assessed = await AssessAllAsync(members, version);
        var impact = DraftImpactTally.Count(assessed, version.Definition.Tiers);
        ChartersLog.DraftImpactRun(logger, charterId, impact.Members, impact.Moved);
        return Outcome<DraftImpact>.Ok(impact);
    }

    /// <summary>
    /// Asks every member, <see cref="InFlight"/> at a time. The workers share the index and the results on this activation's
    /// one thread (each continuation runs on the grain's scheduler), so no lock is needed.
    /// </summary>
    private async Task<DraftMemberAssessment?[]> AssessAllAsync(IReadOnlyList<CharterMember> members, CharterVersion version)
    {
        var results = new DraftMemberAssessment?[members.Count];
        var next = 0;
        async Task WorkAsync()
        {
            while (next < members.Count)
            {
                var i = next++;
                results[i] = await GrainFactory.GetDraftImpactSource(members[i].EmployerId).AssessDraftAsync(version);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(InFlight, members.Count)).Select(_ => WorkAsync()));
        return results;
    }
}

/// <summary>Counting the members' assessments under a draft into the impact's tables (pure).</summary>
internal static class DraftImpactTally
{
    /// <summary>
    /// <paramref name="assessed"/>: one per member of the index, null for one that is no active member (left out, as the
    /// fan-out leaves it). Pairs are ordered by the tier moved from, then to, each lowest first (no tier before the draft's
    /// tiers, a tier the draft no longer has after them); councils by GSS code.
    /// </summary>
    public static DraftImpact Count(IEnumerable<DraftMemberAssessment?> assessed, IReadOnlyList<string> tiers)
    {
        var counted = assessed.OfType<DraftMemberAssessment>().ToList();
        var byCouncil = counted
            .SelectMany(a => a.LocalAuthorities.Distinct(StringComparer.Ordinal).Select(code => (Code: code, Assessment: a)))
            .GroupBy(x => x.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LocalAuthorityMoves(g.Key, g.Count(), Pairs(g.Select(x => x.Assessment), tiers)))
            .ToList();
        return new DraftImpact(counted.Count, counted.Count(a => a.TierNow != a.TierUnderDraft), Pairs(counted, tiers), byCouncil);
    }

    private static List<TierMoveCount> Pairs(IEnumerable<DraftMemberAssessment> assessed, IReadOnlyList<string> tiers) =>
        assessed
            .GroupBy(a => (a.TierNow, a.TierUnderDraft))
            .Select(g => new TierMoveCount(g.Key.TierNow, g.Key.TierUnderDraft, g.Count()))
            .OrderBy(m => Rank(m.From, tiers)).ThenBy(m => m.From, StringComparer.Ordinal)
            .ThenBy(m => Rank(m.To, tiers)).ThenBy(m => m.To, StringComparer.Ordinal)
            .ToList();

    private static int Rank(string? tier, IReadOnlyList<string> tiers) =>
        tier is null ? -1 : tiers.ToList().IndexOf(tier) is var i and >= 0 ? i : tiers.Count;
}
