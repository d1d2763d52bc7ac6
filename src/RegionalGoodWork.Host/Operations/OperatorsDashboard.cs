using Orleans.Dashboard;
using RegionalGoodWork.Host.Access;

namespace RegionalGoodWork.Host.Operations;

/// <summary>
/// The Orleans Dashboard (Microsoft.Orleans.Dashboard) co-hosted in every silo: silos, grain activations, calls and their
/// latency, reminders, live logs. Served at <see cref="Path"/> to the platform's admins only — an admin key, or a person
/// signed in as an admin; anyone else gets 401/403 and sees nothing of it. <c>Dashboard:Enabled</c> (default true) leaves
/// it out entirely (no profiling of grain calls, no route).
/// </summary>
internal static class OperatorsDashboard
{
    public const string Path = "/dashboard";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", true);

    /// <summary>The silo's side: counters and the grain-call profiling the dashboard shows.</summary>
    public static ISiloBuilder AddOperatorsDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        Enabled(configuration) ? silo.AddDashboard() : silo;

    /// <summary>The pages and the data they poll, all behind the admin policy.</summary>
    public static void MapOperatorsDashboard(this WebApplication app)
    {
        if (Enabled(app.Configuration))
        {
            app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(AccessPolicies.Admin).ExcludeFromDescription();
        }
    }
}
