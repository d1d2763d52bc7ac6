using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

/// <summary>The starting face of a session grain: only an accepted invitation starts one, with a fresh random id.</summary>
internal interface ISessionStarterGrain : ISessionGrain
{
    Task<PersonSession> StartAsync(Caller caller, string name);
}

[GenerateSerializer]
internal sealed class SessionState
{
    [Id(0)] public Caller? Caller { get; set; }

    [Id(1)] public DateTimeOffset StartedAt { get; set; }

    [Id(2)] public DateTimeOffset? SignedOutAt { get; set; }
}

/// <summary>One browser session (<see cref="ISessionGrain"/>): stored when it starts, checked on every request.</summary>
[GrainType("session")]
internal sealed class SessionGrain([PersistentState("session")] IPersistentState<SessionState> state, PlatformClock clock) : Grain, ISessionStarterGrain
{
    private SessionState S => state.State;

    public async Task<PersonSession> StartAsync(Caller caller, string name)
    {
        if (S.Caller is not null)
        {
            throw new InvalidOperationException($"Session id {this.GetPrimaryKeyString()} is taken.");
        }

        (S.Caller, S.StartedAt) = (caller, clock.GetUtcNow());
        await state.WriteOrReloadAsync(DeactivateOnIdle);

        return new PersonSession(caller, name, S.StartedAt + SignInLinks.SessionLifetime, this.GetPrimaryKeyString());
    }

    public Task<bool> IsActiveAsync() =>
        Task.FromResult(S.Caller is not null && S.SignedOutAt is null && clock.GetUtcNow() < S.StartedAt + SignInLinks.SessionLifetime);

    public async Task SignOutAsync()
    {
        if (S.Caller is not null && S.SignedOutAt is null)
        {
            S.SignedOutAt = clock.GetUtcNow();
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
    }
}

/// <summary>The internal face of an e-mail address's grain: links naming the address register here when issued.</summary>
internal interface IEmailInvitationsGrain : IPersonByEmailGrain
{
    Task AddInvitationAsync(string linkId);
}

[GenerateSerializer]
internal sealed class PersonByEmailState
{
    /// <summary>Invitations naming the address, oldest first.</summary>
    [Id(0)] public List<string> Invitations { get; set; } = [];
}

/// <summary>
/// The people known by an e-mail address (<see cref="IPersonByEmailGrain"/>). Each invitation decides for itself whether
/// it takes the address (accepted already, or still open), so nothing here can disagree with the invitations after a crash.
/// </summary>
[GrainType("person-by-email")]
internal sealed class PersonByEmailGrain([PersistentState("person-by-email")] IPersistentState<PersonByEmailState> state) : Grain, IEmailInvitationsGrain
{
    private PersonByEmailState S => state.State;

    private string Email => this.GetPrimaryKeyString();

    public async Task AddInvitationAsync(string linkId)
    {
        if (!S.Invitations.Contains(linkId, StringComparer.Ordinal))
        {
            S.Invitations.Add(linkId);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
    }

    /// <summary>The newest invitation naming the address that is accepted or still open wins: a newer one supersedes.</summary>
    public async Task<PersonSession?> SignInAsync()
    {
        foreach (var invitation in S.Invitations.AsEnumerable().Reverse().ToList())
        {
            if (await GrainFactory.GetInvitationAcceptor(invitation).AcceptAsync(Email) is { } session)
            {
                return session;
            }
        }

        return null;
    }
}
