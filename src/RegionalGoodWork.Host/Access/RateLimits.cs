using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Api;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Rate limits per caller (ASP.NET Core's rate limiter, one global partitioned limiter): each issued key is its own
/// partition (by key id), the configured admin key one more, and callers without a known key one per remote address.
/// Each partition is a fixed window of <c>Api:RateLimit:*</c> permits (<see cref="RateLimitOptions"/>); a refusal is 429
/// problem+json with <c>Retry-After</c> in seconds, and nothing behind it runs. Health checks are not limited. The
/// counts live in each host's memory: with several silos a caller may make that many requests through each.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddPlatformRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = RefuseAsync;
        });

    /// <summary>The caller's partition: which counter a request takes a permit from, and how many that counter holds.</summary>
    internal static RateLimitPartition<string> Partition(HttpContext http)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit;
        if (!limits.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        var (partition, permits) = CallerClaims.From(http.User) switch
        {
            { Role: Roles.Admin } admin => ($"key:{admin.KeyId}", limits.AdminPermits),
            { } caller => ($"key:{caller.KeyId}", limits.KeyPermits),
            null => ($"address:{http.Connection.RemoteIpAddress}", limits.AnonymousPermits),
        };
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit.Window;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var who = CallerClaims.From(http.User) is { } caller ? $"the key {caller.KeyId}" : "callers without a key from this address";
        await Results.Problem(
                $"Too many requests from {who}; nothing was done. Retry in {seconds} seconds.",
                title: "Too many requests",
                statusCode: StatusCodes.Status429TooManyRequests,
                type: "https://regionalgoodwork.example/problems/too-many-requests")
            .ExecuteAsync(http);
    }
}
