namespace RegionalGoodWork.IntegrationTests.Spine;

/// <summary>A test-only grain: a persisted counter that also tells which activation answered.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task<ProbeReading> ReadAsync();

    Task RemindAsync(bool on);
}

[GenerateSerializer]
public sealed record ProbeReading([property: Id(0)] int Value, [property: Id(1)] Guid Activation, [property: Id(2)] string Silo);

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public int Value { get; set; }
}

[GrainType("test-probe")]
public sealed class ProbeGrain([PersistentState("probe")] IPersistentState<ProbeState> state, ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    private readonly Guid activation = Guid.NewGuid();

    public async Task<int> AddAsync(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<ProbeReading> ReadAsync() => Task.FromResult(new ProbeReading(state.State.Value, activation, silo.SiloAddress.ToString()));

    public async Task RemindAsync(bool on)
    {
        if (on)
        {
            await this.RegisterOrUpdateReminder("probe", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        }
        else if (await this.GetReminder("probe") is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
