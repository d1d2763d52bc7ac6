using System.Collections.Concurrent;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers;

/// <summary>
/// The employer's view of the Charters module: published versions (cached in the silo by charter and version, since a
/// published version never changes), the latest version, and the member index the employer keeps informed.
/// </summary>
internal sealed class CharterDirectory(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(string CharterId, int Version), CharterVersion> versions = new();

    /// <summary>
    /// The version a joiner joins: the charter's version in force on the business date (a version published for a later
    /// date is not yet). NotFound for an unknown charter, Conflict when none is published yet.
    /// </summary>
    public Task<Outcome<CharterVersion>> GetLatestAsync(string charterId) => VersionAsync(charterId, c => c.GetInForceAsync());

    /// <summary>
    /// The version an existing member is to be on by the business date: the one in force, or while a newer one's grace
    /// period runs, the one before it.
    /// </summary>
    private Task<Outcome<CharterVersion>> GetForMembersAsync(string charterId) => VersionAsync(charterId, c => c.GetForMembersAsync());

    private async Task<Outcome<CharterVersion>> VersionAsync(string charterId, Func<ICharterGrain, Task<CharterVersion?>> read)
    {
        var charter = grains.GetCharter(charterId);
        if (await read(charter) is { } latest)
        {
            return Outcome<CharterVersion>.Ok(Remember(latest));
        }

        return await charter.GetDraftAsync() is null
            ? Problem.NotFound("charter", charterId)
            : Problem.Conflict($"Charter '{charterId}' has no published version yet: it can be joined once a version is published.");
    }

    /// <summary>
    /// Each charter's latest published version, a scheduled one included (for the renewal calendar's "version moves on"),
    /// keyed by charter; a charter with none is left out.
    /// </summary>
    public async Task<Dictionary<string, CharterVersion>> NewestPublishedAsync(IEnumerable<string> charterIds)
    {
        var newest = await Task.WhenAll(charterIds.Select(id => grains.GetCharter(id).GetLatestAsync()));
        return newest.OfType<CharterVersion>().ToDictionary(v => v.CharterId, v => Remember(v), StringComparer.Ordinal);
    }

    /// <summary>A published version (null when there is no such version), from the silo's cache when held.</summary>
    public async Task<CharterVersion?> GetVersionAsync(string charterId, int version)
    {
        if (versions.TryGetValue((charterId, version), out var held))
        {
            return held;
        }

        return await grains.GetCharter(charterId).GetVersionAsync(version) is { } found ? Remember(found) : null;
    }

    /// <summary>
    /// The published versions the active <paramref name="memberships"/> are on, keyed by charter, with
    /// <paramref name="newVersions"/> (the versions they are moving to) taking precedence. A version that cannot be read is left out.
    /// </summary>
    public async Task<Dictionary<string, CharterVersion>> VersionsForAsync(IEnumerable<Membership> memberships, IReadOnlyDictionary<string, CharterVersion> newVersions)
    {
        var result = new Dictionary<string, CharterVersion>(newVersions, StringComparer.Ordinal);
        foreach (var membership in memberships.Where(m => m.IsActive && !result.ContainsKey(m.CharterId)).ToList())
        {
            if (await GetVersionAsync(membership.CharterId, membership.CharterVersion) is { } version)
            {
                result[membership.CharterId] = version;
            }
        }

        return result;
    }

    /// <summary>
    /// The version each active membership's charter (only <paramref name="charterId"/>'s when given) has its members on by
    /// the business date (<see cref="ICharterGrain.GetForMembersAsync"/>) when newer than the version the membership is
    /// on: a version scheduled for a later date, or in its grace period, moves nobody yet. A charter that vanished keeps the version held, and so
    /// does one that answers an older version than held (a charter restored from an older backup, a stale answer): a
    /// membership never moves back.
    /// </summary>
    public async Task<IReadOnlyList<CharterVersion>> NewerVersionsAsync(IEnumerable<Membership> memberships, string? charterId)
    {
        var newer = new List<CharterVersion>();
        foreach (var membership in memberships.Where(m => m.IsActive && (charterId is null || m.CharterId == charterId)).ToList())
        {
            if ((await GetForMembersAsync(membership.CharterId)).Value is { } version && version.Version > membership.CharterVersion)
            {
                newer.Add(version);
            }
        }

        return newer;
    }

    public Task<ViewReceipt> UpdateMemberAsync(string charterId, string employerId, string? tier, DateTimeOffset since, long stamp, int version) =>
        grains.GetCharter(charterId).UpdateMemberAsync(employerId, tier, since, stamp, version);

    public Task<ViewReceipt> RemoveMemberAsync(string charterId, string employerId, long stamp) =>
        grains.GetCharter(charterId).RemoveMemberAsync(employerId, stamp);

    private CharterVersion Remember(CharterVersion version) => versions.GetOrAdd((version.CharterId, version.Version), version);
}
