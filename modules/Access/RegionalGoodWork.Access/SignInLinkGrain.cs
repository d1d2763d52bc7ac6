using RegionalGoodWork.BuildingBlocks;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

/// <summary>The issuing face of a link grain: only <see cref="SignInLinksGrain"/> calls it, with a fresh id.</summary>
internal interface ISignInLinkIssuerGrain : ISignInLinkGrain
{
    Task<IssuedSignInLink> IssueAsync(IssueSignInLink command);
}

/// <summary>The face an e-mail address's grain (<see cref="PersonByEmailGrain"/>) uses: OpenID Connect sign-in.</summary>
internal interface IInvitationAcceptorGrain : ISignInLinkGrain
{
    /// <summary>
    /// A session for the person this invitation names by <paramref name="email"/>: it accepts the invitation when still
    /// open, and starts a new session for it when already accepted. Null when the invitation does not name that address,
    /// or expired unaccepted.
    /// </summary>
    Task<PersonSession?> AcceptAsync(string email);
}

[GenerateSerializer]
internal sealed class SignInLinkState
{
    [Id(0)] public string? Name { get; set; }

    [Id(1)] public string Role { get; set; } = "";

    [Id(2)] public AccessScope Scope { get; set; } = AccessScope.None;

    [Id(3)] public string? Email { get; set; }

    [Id(4)] public byte[] Salt { get; set; } = [];

    [Id(5)] public byte[] Hash { get; set; } = [];

    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    [Id(7)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(8)] public string IssuedBy { get; set; } = "";

    [Id(9)] public DateTimeOffset? RedeemedAt { get; set; }

    [Id(11)] public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Every session the invitation started (listed before each starts), so a revocation ends them all.</summary>
    [Id(12)] public List<string> Sessions { get; set; } = [];
}

/// <summary>One sign-in link and the session it starts (<see cref="ISignInLinkGrain"/>).</summary>
[GrainType("sign-in-link")]
internal sealed class SignInLinkGrain(
    [PersistentState("sign-in-link")] IPersistentState<SignInLinkState> state,
    PlatformClock clock,
    ILogger<SignInLinkGrain> logger) : Grain, ISignInLinkIssuerGrain, IInvitationAcceptorGrain
{
    private SignInLinkState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => S.Name is not null;

    public async Task<IssuedSignInLink> IssueAsync(IssueSignInLink command)
    {
        if (Exists)
        {
            throw new InvalidOperationException($"Sign-in link id {Id} is taken.");
        }

        if (command.Email is { } email)
        {
            await GrainFactory.GetEmailInvitations(email).AddInvitationAsync(Id); // listed first: a stale entry finds no link
        }

        var secret = Secrets.New();
        (S.Name, S.Role, S.Scope, S.Email) = (command.Name.Trim(), command.Role, command.Scope, command.Email?.Trim().ToLowerInvariant());
        (S.Salt, S.CreatedAt, S.ExpiresAt, S.IssuedBy) = (Secrets.NewSalt(), clock.GetUtcNow(), command.ExpiresAt, command.IssuedBy);
        S.Hash = Secrets.HashOf(S.Salt, secret);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        logger.SignInLinkIssued(Id, S.Role, S.IssuedBy);
        return new IssuedSignInLink(Id, SignInLinkToken.Format(Id, secret), S.ExpiresAt);
    }

    public Task<SignInLinkView?> PeekAsync(string secret) =>
        Task.FromResult(Exists && Secrets.Matches(S.Salt, S.Hash, secret)
            ? View()
            : null);

    public Task<SignInLinkView?> GetAsync() => Task.FromResult(Exists ? View() : null);

    public async Task<SignInLinkView?> RevokeAsync(string revokedBy)
    {
        if (!Exists)
        {
            return null;
        }

        if (S.RevokedAt is null)
        {
            S.RevokedAt = clock.GetUtcNow();
            await state.WriteOrReloadAsync(DeactivateOnIdle);
            logger.InvitationRevoked(Id, revokedBy, S.Sessions.Count);
        }

        // Ended after the revocation is stored: a failure here leaves sessions on, and the caller's retry ends them.
        await Task.WhenAll(S.Sessions.Select(id => GrainFactory.GetSession(id).SignOutAsync()));
        return View();
    }

    private SignInLinkView View() =>
        new(S.Name!, S.Role, S.Scope, S.ExpiresAt, Usable: S.RedeemedAt is null && S.RevokedAt is null && clock.GetUtcNow() < S.ExpiresAt,
            Id, S.Email, S.RedeemedAt, S.RevokedAt);

    public async Task<PersonSession?> RedeemAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!Exists || !Secrets.Matches(S.Salt, S.Hash, secret) || S.RedeemedAt is not null || S.RevokedAt is not null || clock.GetUtcNow() >= S.ExpiresAt)
        {
            return null;
        }

        await MarkRedeemedAsync();
        logger.SignInLinkRedeemed(Id, S.Role);
        return await StartSessionAsync();
    }

    public async Task<PersonSession?> AcceptAsync(string email)
    {
        if (!Exists || S.Email is null || S.Email != email.Trim().ToLowerInvariant() || S.RevokedAt is not null
            || S.RedeemedAt is null && clock.GetUtcNow() >= S.ExpiresAt)
        {
            return null;
        }

        if (S.RedeemedAt is null)
        {
            await MarkRedeemedAsync();
            logger.InvitationAcceptedByEmail(Id, S.Role);
        }

        return await StartSessionAsync();
    }

    private async Task MarkRedeemedAsync()
    {
        S.RedeemedAt = clock.GetUtcNow();
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }

    private async Task<PersonSession> StartSessionAsync()
    {
        var session = Secrets.NewId(32);
        S.Sessions.Add(session);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return await GrainFactory.GetSessionStarter(session).StartAsync(new Caller(SignInLinkToken.PersonId(Id), S.Role, S.Scope), S.Name!);
    }
}

/// <summary>Issues sign-in links: the request is checked as a key request is (<see cref="ApiKeyRules"/>), plus its expiry.</summary>
[GrainType("sign-in-links"), StatelessWorker]
internal sealed class SignInLinksGrain(PlatformClock clock) : Grain, ISignInLinksGrain
{
    public async Task<Outcome<IssuedSignInLink>> IssueAsync(IssueSignInLink command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var errors = ApiKeyRules.Validate(new IssueApiKey(command.Name, command.Role, command.Scope, command.ExpiresAt, command.IssuedBy), now);
        if (command.ExpiresAt > now + SignInLinks.MaxExpiry)
        {
            errors.Add("expiresInMinutes", $"At most {SignInLinks.MaxExpiry.TotalMinutes:0} minutes (7 days).");
        }

        if (command.Email is { } email && (email.Length > 254 || email.Count(c => c == '@') != 1 || email.Trim().Contains(' ', StringComparison.Ordinal)))
        {
            errors.Add("email", $"'{email}' is not an e-mail address.");
        }

        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        return Outcome<IssuedSignInLink>.Ok(await GrainFactory.GetSignInLinkIssuer(Secrets.NewId(SignInLinkToken.IdLength)).IssueAsync(command));
    }
}
