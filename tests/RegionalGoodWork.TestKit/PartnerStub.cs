using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// A partner's HTTP server on 127.0.0.1 for the connector tests: answers every request with the next scripted answer
/// (<see cref="Then"/>), else with <see cref="Default"/>, and remembers what it was asked and when.
/// </summary>
public sealed class PartnerStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> next = new();
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> requests = new();

    private PartnerStub(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The answer once the script is spent.</summary>
    public Func<HttpContext, Task> Default { get; set; } = Status(404);

    public IReadOnlyList<(string Path, DateTimeOffset At)> Requests => [.. requests];

    public static async Task<PartnerStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new PartnerStub(app);
        app.Run(async context =>
        {
            stub.requests.Enqueue((context.Request.Path + context.Request.QueryString, DateTimeOffset.UtcNow));
            await (stub.next.TryDequeue(out var answer) ? answer : stub.Default)(context);
        });
        await app.StartAsync();
        stub.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return stub;
    }

    /// <summary>Forgets the script and the requests; answers <paramref name="answer"/> from now on.</summary>
    public void Reset(Func<HttpContext, Task> answer)
    {
        next.Clear();
        requests.Clear();
        Default = answer;
    }

    /// <summary>The next request gets <paramref name="answer"/> (in order, before <see cref="Default"/>).</summary>
    public PartnerStub Then(Func<HttpContext, Task> answer)
    {
        next.Enqueue(answer);
        return this;
    }

    public static Func<HttpContext, Task> Status(int status, TimeSpan? retryAfter = null) => context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Body(string contentType, string body) => async context =>
    {
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8);
    };

    /// <summary>Answers nothing for <paramref name="delay"/> (or until the caller gives up), then 200 with an empty JSON object.</summary>
    public static Func<HttpContext, Task> Silent(TimeSpan delay) => async context =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
            await Body("application/json", "{}")(context);
        }
        catch (OperationCanceledException)
        {
        }
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
