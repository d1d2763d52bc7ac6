using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>Endpoint filter: the request must carry the platform admin key in <c>X-Api-Key</c>.</summary>
internal sealed class AdminOnly(AdminKey admin) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return new Problem(ProblemKind.Unauthorized, "API key required", $"Send the admin key in the {Header} header.").ToProblem();
        }

        if (!admin.Matches(presented))
        {
            return new Problem(ProblemKind.Unauthorized, "Unknown API key", "The key presented is not known.").ToProblem();
        }

        return await next(context);
    }
}

internal static class AdminOnlyExtensions
{
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AdminOnly>();
}
