using System.Security.Claims;
using RegionalGoodWork.Access.Contracts;
using Microsoft.FeatureManagement;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Partner connectors (api.md, Partners and connectors): start a sync, read a connector's status and its runs. Routes
/// only: the runs are the Connectors module's (<see cref="IConnectorSyncGrain"/>). Starting a sync is the admin's; the
/// status and runs are the admin's and region operators' to read; a region's flagged employers its operator's.
/// </summary>
internal static class ConnectorsApi
{
    public static RouteGroupBuilder MapConnectorsApi(this RouteGroupBuilder v1)
    {
        var connectors = v1.MapGroup("/connectors/{connectorId}").WithTags("Connectors");

        // 404 for a connector not built; 403 when its flag (Connectors.<id>) is off for the caller; 409 when it is switched
        // off in configuration (Connectors:<id>:Enabled). Otherwise 202 at once: the run goes on in its grain.
        connectors.MapPost("/sync", async (string connectorId, ClaimsPrincipal user, IFeatureManager features, IGrainFactory grains) =>
            {
                if (!ConnectorIds.IsKnown(connectorId))
                {
                    return Unknown(connectorId);
                }

                if (!await features.IsEnabledAsync(FeatureFlags.Connector(connectorId)))
                {
                    return new Problem(ProblemKind.Forbidden, "Not switched on for this caller",
                        $"The connector '{connectorId}' is behind the feature flag {FeatureFlags.Connector(connectorId)}, which is not switched on for this caller. No run was started.")
                        .ToProblem();
                }

                var started = await grains.GetConnectorSync(connectorId).StartAsync($"key:{CallerClaims.From(user)?.KeyId}");
                return started.ToResult(s => Results.Accepted($"/api/v1/connectors/{connectorId}/runs", new { runId = s.RunId }));
            })
            .WithName("startConnectorSync")
            .WithSummary("Start a connector's sync now; answers the run id at once (the running run's id while one is going)")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAdmin();

        connectors.MapGet("", async (string connectorId, ClaimsPrincipal user, IGrainFactory grains) =>
                ConnectorIds.IsKnown(connectorId)
                    ? (await grains.GetConnectorSync(connectorId).GetStatusAsync()).ToResult(s => Results.Ok(s with { LastRun = ForCaller(s.LastRun, user) }))
                    : Unknown(connectorId))
            .WithName("getConnector")
            .WithSummary("A connector's configuration at a glance, its last run and its circuit (closed, open, half-open)")
            .Produces<ConnectorStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.ConnectorReader);

        connectors.MapGet("/runs", async (string connectorId, ClaimsPrincipal user, IGrainFactory grains) =>
                ConnectorIds.IsKnown(connectorId)
                    ? (await grains.GetConnectorSync(connectorId).GetRunsAsync()).ToResult(runs => Results.Ok(runs.Select(r => ForCaller(r, user)).ToList()))
                    : Unknown(connectorId))
            .WithName("listConnectorRuns")
            .WithSummary("A connector's last runs, newest first: read, changed, failed, unmatched and the error of a failed run")
            .Produces<IReadOnlyList<ConnectorRun>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.ConnectorReader);

        // The employers the companies-house connector flagged in a region (dissolved or unknown companies): the region's
        // operator's to act on, and the admin's. 404 for a region not defined on the platform.
        v1.MapGet("/regions/{regionCode}/flagged-employers", async (string regionCode, IGrainFactory grains) =>
            {
                if (!Ids.IsGssCode(regionCode))
                {
                    return ApiResults.Invalid("regionCode", $"'{regionCode}' is not an ONS GSS code (a letter and eight digits, e.g. E47000001).");
                }

                var region = await grains.GetRegion(regionCode).GetAsync();
                return region.Problem is { } problem ? problem.ToProblem() : Results.Ok(await grains.GetFlaggedEmployers(regionCode).GetAsync());
            })
            .WithTags("Connectors")
            .WithName("listRegionFlaggedEmployers")
            .WithSummary("The region's employers whose company Companies House gives as dissolved (not active) or does not know: why, since when, last checked")
            .Produces<FlaggedEmployers>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.RegionSteward);

        return v1;
    }

    /// <summary>
    /// A run as the caller may see it: the employers a run flagged are named to the admin only — they span every region, and
    /// a region's operator reads its own at <c>/regions/{code}/flagged-employers</c>.
    /// </summary>
    private static ConnectorRun? ForCaller(ConnectorRun? run, ClaimsPrincipal user) =>
        run is null || CallerClaims.From(user)?.Role == Roles.Admin ? run : run with { Flagged = null };

    private static IResult Unknown(string connectorId) =>
        new Problem(ProblemKind.NotFound, "Unknown connector",
            $"No connector '{connectorId}' is built; the connectors are {string.Join(", ", ConnectorIds.All)}.").ToProblem();
}
