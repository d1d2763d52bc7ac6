using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RegionalGoodWork.Host.Access;

namespace RegionalGoodWork.Host.Api.OpenApi;

/// <summary>
/// Declares the API-key scheme (<c>X-Api-Key</c>) and, per operation, whether it needs a key — read from the route's own
/// authorization metadata, so the document cannot disagree with what the route enforces. A route that requires
/// authorization needs the key and can answer 401 (no key, or an unknown, revoked or expired one); one that names a
/// policy or roles can also answer 403 (a key whose role or scope the route does not allow). A public route declares an
/// empty requirement: no key needed.
/// </summary>
internal sealed class AccessInOpenApi : IOpenApiOperationTransformer
{
    public const string SchemeId = "ApiKey";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var requirements = metadata.OfType<AuthorizationPolicy>().Any() || metadata.OfType<IAuthorizationRequirementData>().Any();
        var needsKey = (authorize.Count > 0 || requirements) && !metadata.OfType<IAllowAnonymous>().Any();
        if (!needsKey)
        {
            operation.Security = [new OpenApiSecurityRequirement()];
            return;
        }

        var document = context.Document!;
        EnsureScheme(document);
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] }];
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized,
            $"No key in {ApiKeyAuthenticationHandler.Header}, or a key that is unknown, revoked or expired.", cancellationToken);
        if (requirements || authorize.Any(a => a.Policy is not null || a.Roles is not null))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden,
                "The key's role or scope does not allow this request on this resource; nothing was changed.", cancellationToken);
        }
    }

    private static void EnsureScheme(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        if (!document.Components.SecuritySchemes.ContainsKey(SchemeId))
        {
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key: the platform admin key (Auth:AdminApiKey) or one issued with POST /api/v1/keys " +
                              "(rgw_<id>_<secret>, shown once), each with a role and a scope.",
            };
        }
    }
}
