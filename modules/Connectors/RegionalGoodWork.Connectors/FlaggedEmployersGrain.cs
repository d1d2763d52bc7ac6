using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Connectors.Contracts;

namespace RegionalGoodWork.Connectors;

[GenerateSerializer, Alias("rgw.connectors.flagged-employers-state")]
internal sealed class FlaggedEmployersState
{
    [Id(0)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>By employer id.</summary>
    [Id(1)] public Dictionary<string, RegionFlaggedEmployer> Employers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A region's flagged employers (<see cref="IFlaggedEmployersGrain"/>), replaced whole by each companies-house run that
/// touches the region (one write per region and run: a handful of regions a day).
/// </summary>
[GrainType("flagged-employers")]
internal sealed class FlaggedEmployersGrain(
    [PersistentState("flagged-employers")] IPersistentState<FlaggedEmployersState> state) : Grain, IFlaggedEmployersGrain
{
    public Task<FlaggedEmployers> GetAsync() => Task.FromResult(new FlaggedEmployers(
        this.GetPrimaryKeyString(), state.State.UpdatedAt,
        [.. state.State.Employers.Values.OrderBy(e => e.EmployerId, StringComparer.Ordinal)]));

    public async Task ReplaceAsync(IReadOnlyList<RegionFlaggedEmployer> flagged, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(flagged);
        var held = state.State.Employers;
        var next = new Dictionary<string, RegionFlaggedEmployer>(StringComparer.Ordinal);
        foreach (var employer in flagged)
        {
            // Still flagged the same way: flagged since the first run that found it so.
            next[employer.EmployerId] = held.TryGetValue(employer.EmployerId, out var before) && before.Flag == employer.Flag
                ? employer with { FlaggedSince = before.FlaggedSince }
                : employer;
        }

        (state.State.Employers, state.State.UpdatedAt) = (next, at);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }
}
