using Microsoft.AspNetCore.WebUtilities;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.Host.Api.OpenApi;
using RegionalGoodWork.Host.Composition;
using RegionalGoodWork.Host.Operations;
using RegionalGoodWork.Host.Portal;
using RegionalGoodWork.Host.Storage;
using RegionalGoodWork.Portal;

namespace RegionalGoodWork.Host;

/// <summary>Builds the platform: ASP.NET Core and an Orleans silo in one process.</summary>
public static class PlatformHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the application; applies the storage schema first (idempotent).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        MapEnvironment(builder.Configuration);
        configure?.Invoke(builder);

        var urls = builder.Configuration["urls"] ?? builder.Configuration["Urls"] ?? DefaultUrl;
        builder.WebHost.UseUrls(urls);

        var storage = StorageSettings.From(builder.Configuration);
        await SchemaInstaller.EnsureAsync(storage);

        builder.UseOrleans(silo => silo.ConfigurePlatform(builder.Configuration));
        builder.AddPlatformTelemetry(); // OpenTelemetry over OTLP when Telemetry:OtlpEndpoint is set (Operations/)

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Type ??= $"https://httpstatuses.io/{c.ProblemDetails.Status}";
            c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext, c.ProblemDetails.Status);
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // ApiExceptionHandler words them
        builder.Services.AddPlatformOpenApi();
        builder.Services.AddSingleton(storage);
        builder.Services.AddHealthChecks().AddCheck<SiloReadyCheck>("silo").AddCheck<StorageReadyCheck>("storage");
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        });
        builder.Services.AddApiOptions(builder.Configuration); // Api:MaxBodyBytes, Api:RateLimit:*
        builder.Services.AddPlatformAccess(builder.Configuration);
        builder.Services.AddPlatformRateLimits();
        builder.Services.AddPlatformFeatures();
        builder.Services.AddPortal(new PortalAccess(CallerClaims.From, AccessPolicies.EmployerCase, AccessPolicies.EmployerLocker, AccessPolicies.CharterSteward)); // the pages people read (src/RegionalGoodWork.Portal)
        builder.Services.AddHostedService<Demo.DemoRegionSeeder>(); // after the silo's own hosted service: grains are ready

        var app = builder.Build();
        app.UseExceptionHandler(); // ApiExceptionHandler words the request errors; anything else is a 500 problem
        app.UseStatusCodePages();
        app.UsePortalAssets(); // GOV.UK Frontend and the portal's CSS: files, before any key check or grain call
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter(); // per caller, so after authentication; before anything costs more (Access/RateLimits.cs)
        app.UseAuthorization(); // a route's key is checked before its body is looked at
        app.UseMiddleware<FeatureGateMiddleware>(); // a route whose flag is off for the caller: 403/404 (Access/FeatureFlags.cs)
        app.UseMiddleware<ApiRequestGate>();
        app.UseMiddleware<AuditRecorder>(); // outside the idempotency gate: a replay (nothing ran) is told apart by its header
        app.UseMiddleware<IdempotencyGate>(); // after the gate: a request it refuses never takes a key
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health/ready").DisableRateLimiting();
        app.MapPlatformApi();
        app.MapSignInPages();
        app.MapPortal().AuditsReads(); // an employer's page shows its locker: read by anyone but the employer, audited
        app.MapOperatorsDashboard(); // /dashboard, admins only
        return app;
    }

    /// <summary>A problem the framework raised with a status only (no route, wrong method, a crash) still says what happened.</summary>
    private static string DefaultDetail(HttpContext context, int? status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing answers {context.Request.Method} {context.Request.Path}; the routes are listed in /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Path} does not take {context.Request.Method}; the methods it takes are listed in /openapi/v1.json.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred and was logged; quote the traceId when reporting it.",
        _ => ReasonPhrases.GetReasonPhrase(status ?? 500),
    };

    /// <summary>The documented environment variables (RGW_*) feed the configuration keys they stand for.</summary>
    private static void MapEnvironment(ConfigurationManager configuration)
    {
        var map = new Dictionary<string, string>
        {
            ["RGW_URLS"] = "urls",
            ["RGW_DATA_DIR"] = "Storage:DataDirectory",
            ["RGW_ADMIN_API_KEY"] = "Auth:AdminApiKey",
            ["RGW_STORAGE"] = "Storage:Provider",
            ["RGW_POSTGRES"] = "ConnectionStrings:Postgres",
            ["RGW_DEMO"] = "Demo:Seed",
            ["RGW_SILO_PORT"] = "Orleans:SiloPort",
            ["RGW_GATEWAY_PORT"] = "Orleans:GatewayPort",
            ["RGW_ADVERTISED_ADDRESS"] = "Orleans:AdvertisedAddress",
            ["RGW_OTLP_ENDPOINT"] = "Telemetry:OtlpEndpoint",
        };
        var values = new Dictionary<string, string?>();
        foreach (var (env, key) in map)
        {
            var value = Environment.GetEnvironmentVariable(env);
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }
}
