using Microsoft.Extensions.Logging;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

[GenerateSerializer]
internal sealed class ApiKeyState
{
    [Id(0)] public string? Name { get; set; }

    [Id(1)] public string Role { get; set; } = "";

    [Id(2)] public AccessScope Scope { get; set; } = AccessScope.None;

    /// <summary>Random, per key.</summary>
    [Id(3)] public byte[] Salt { get; set; } = [];

    /// <summary>SHA-256 of salt and secret: the secret itself is stored nowhere.</summary>
    [Id(4)] public byte[] Hash { get; set; } = [];

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset? ExpiresAt { get; set; }

    [Id(7)] public DateTimeOffset? RevokedAt { get; set; }

    [Id(8)] public DateTimeOffset? LastUsedAt { get; set; }

    [Id(9)] public string IssuedBy { get; set; } = "";
}

/// <summary>
/// One API key, keyed by its visible id. One activation in the cluster answers every verification, so a revocation
/// holds at once on every silo. The last use is kept in memory and stored at most once a minute (by the request that
/// finds it a minute old; a failure there is logged and does not refuse the request).
/// </summary>
[GrainType("api-key")]
internal sealed class ApiKeyGrain(
    [PersistentState("api-key")] IPersistentState<ApiKeyState> state,
    PlatformClock clock,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyIssuerGrain
{
    private static readonly TimeSpan LastUseStoredEvery = TimeSpan.FromMinutes(1);

    private DateTimeOffset? lastUseStored;

    private ApiKeyState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => S.Name is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        lastUseStored = S.LastUsedAt;
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Called by the directory only, with a fresh id: stores the hash and answers the key, this once.</summary>
    public async Task<IssuedApiKey> IssueAsync(IssueApiKey command)
    {
        if (Exists)
        {
            throw new InvalidOperationException($"API key id {Id} is taken.");
        }

        var secret = Secrets.New();
        S.Name = command.Name.Trim();
        S.Role = command.Role;
        S.Scope = command.Scope;
        S.Salt = Secrets.NewSalt();
        S.Hash = Secrets.HashOf(S.Salt, secret);
        S.CreatedAt = clock.GetUtcNow();
        S.ExpiresAt = command.ExpiresAt;
        S.IssuedBy = command.IssuedBy;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = new ApiKeyState();
            throw;
        }

        logger.KeyIssued(Id, S.Role, S.IssuedBy);
        return new IssuedApiKey(View(), ApiKeyToken.Format(Id, secret));
    }

    public async Task<Caller?> VerifyAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var now = clock.GetUtcNow();
        if (!Exists || S.RevokedAt is not null || S.ExpiresAt <= now
            || !Secrets.Matches(S.Salt, S.Hash, secret))
        {
            return null;
        }

        S.LastUsedAt = now;
        if (lastUseStored is null || now - lastUseStored >= LastUseStoredEvery)
        {
            lastUseStored = now;
            await StoreLastUseAsync();
        }

        return new Caller(Id, S.Role, S.Scope);
    }

    public Task<Outcome<ApiKeyView>> GetAsync() =>
        Task.FromResult(Exists ? Outcome<ApiKeyView>.Ok(View()) : Problem.NotFound("API key", Id));

    public async Task<Outcome<ApiKeyView>> RevokeAsync(string revokedBy)
    {
        if (!Exists)
        {
            return Problem.NotFound("API key", Id);
        }

        if (S.RevokedAt is null)
        {
            S.RevokedAt = clock.GetUtcNow();
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                S.RevokedAt = null;
                throw;
            }

            logger.KeyRevoked(Id, revokedBy);
        }

        return Outcome<ApiKeyView>.Ok(View());
    }

    private async Task StoreLastUseAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lastUseStored = null;
            logger.LastUseNotStored(ex, Id);
        }
    }

    private ApiKeyView View() => new(Id, S.Name!, S.Role, S.Scope, S.CreatedAt, S.LastUsedAt, S.ExpiresAt, S.RevokedAt);
}
