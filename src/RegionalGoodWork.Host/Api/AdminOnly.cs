namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Endpoint metadata: the route needs the platform admin key in <c>X-Api-Key</c>. Checked by <see cref="ApiRequestGate"/>
/// before the body is read or bound, so a caller without the key learns only that (401), whatever it sent.
/// </summary>
internal sealed class AdminOnly
{
    public const string Header = "X-Api-Key";

    public static readonly AdminOnly Instance = new();

    private AdminOnly()
    {
    }
}

internal static class AdminOnlyExtensions
{
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AdminOnly.Instance);
}
