using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

/// <summary>The issuing face of a key grain: only the directory calls it, with a fresh id.</summary>
internal interface IApiKeyIssuerGrain : IApiKeyGrain
{
    Task<IssuedApiKey> IssueAsync(IssueApiKey command);
}

internal static class AccessInternalGrainKeys
{
    public static IApiKeyIssuerGrain GetApiKeyIssuer(this IGrainFactory grains, string id) => grains.GetGrain<IApiKeyIssuerGrain>(id);

    public static ISignInLinkIssuerGrain GetSignInLinkIssuer(this IGrainFactory grains, string id) => grains.GetGrain<ISignInLinkIssuerGrain>(id);

    public static ISessionStarterGrain GetSessionStarter(this IGrainFactory grains, string id) => grains.GetGrain<ISessionStarterGrain>(id);

    public static IInvitationAcceptorGrain GetInvitationAcceptor(this IGrainFactory grains, string linkId) => grains.GetGrain<IInvitationAcceptorGrain>(linkId);

    public static IEmailInvitationsGrain GetEmailInvitations(this IGrainFactory grains, string email) =>
        grains.GetGrain<IEmailInvitationsGrain>(email.Trim().ToLowerInvariant());

    /// <summary>Sealed segment <paramref name="number"/> (from 1) of a resource's audit trail.</summary>
    public static IAuditSegmentGrain GetAuditSegment(this IGrainFactory grains, string resource, long number) =>
        grains.GetGrain<IAuditSegmentGrain>($"{resource}#{number}");
}

[GenerateSerializer]
internal sealed class ApiKeyDirectoryState
{
    /// <summary>Every key id ever issued, in order.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}

/// <summary>Issues keys (checks the request, picks a fresh random id, has the key grain store it) and lists them.</summary>
[GrainType("api-key-directory")]
internal sealed class ApiKeyDirectoryGrain(
    [PersistentState("api-key-directory")] IPersistentState<ApiKeyDirectoryState> state,
    PlatformClock clock) : Grain, IApiKeyDirectoryGrain
{
    public async Task<Outcome<IssuedApiKey>> IssueAsync(IssueApiKey command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = ApiKeyRules.Validate(command, clock.GetUtcNow());
        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        // Listed before it exists: a key issued after a failed write here would be usable but missing from the list.
        var id = Secrets.NewId(ApiKeyToken.IdLength);
        state.State.Ids.Add(id);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Ids.Remove(id);
            throw;
        }

        return Outcome<IssuedApiKey>.Ok(await GrainFactory.GetApiKeyIssuer(id).IssueAsync(command));
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync()
    {
        var keys = await Task.WhenAll(state.State.Ids.Select(id => GrainFactory.GetApiKey(id).GetAsync()));
        return keys.Where(k => k.IsOk).Select(k => k.Value!).ToList();
    }
}
