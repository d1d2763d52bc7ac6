namespace RegionalGoodWork.Places;

/// <summary>Places configuration (README: configuration keys).</summary>
internal sealed class PlacesOptions
{
    /// <summary><c>Indicators:MinimumEmployers</c>: an employer-derived figure resting on fewer employers is suppressed.</summary>
    public int MinimumEmployers { get; set; } = 5;

    /// <summary><c>Modules:Places:SeedGeography</c>: load the shipped councils and regions at silo start.</summary>
    public bool SeedGeography { get; set; } = true;

    /// <summary>
    /// <c>Modules:Places:FlushInterval</c>: how long contribution changes may wait in memory before the council and
    /// region grains write them (write-behind). Zero = write through on every change.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Modules:Places:DriftCheckInterval</c>: how often the background audit recomputes from the employers (zero = never).</summary>
    public TimeSpan DriftCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Modules:Places:RepairDrift</c>: re-apply fresh contributions where the audit finds drift.</summary>
    public bool RepairDrift { get; set; } = true;
}
