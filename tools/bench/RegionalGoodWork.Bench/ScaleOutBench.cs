using Microsoft.Extensions.DependencyInjection;

namespace RegionalGoodWork.Bench;

/// <summary>
/// One silo against two (issue 15: "a second silo raising throughput of evidence submissions, measured, not assumed"):
/// evidence submissions persisted per second through one silo, then through two silos of one cluster (AdoNet clustering on
/// the same PostgreSQL, both hosts in this process), the 64 submitters split between the silos' grain factories, each on
/// employers set up after the silos it uses had joined (so their activations spread over them). The ratio is two over one.
/// </summary>
internal static class ScaleOutBench
{
    public static async Task<int> RunAsync(string connectionString, int seconds)
    {
        const int employers = 4096;
        var cluster = new Dictionary<string, string?> { ["Orleans:ClusterId"] = "bench-scale-" + Guid.NewGuid().ToString("N")[..8] };
        var (first, _) = await BenchHost.StartAsync(connectionString, cluster);
        await using var _ = first;
        var one = first.Services.GetRequiredService<IGrainFactory>();
        await EvidenceBench.PublishChartersAsync(one);

        await EvidenceBench.SetUpEmployersAsync([one], "bench-one", employers);
        var (doneOne, elapsedOne) = await EvidenceBench.SubmitForAsync([one], "bench-one", employers, seconds);
        var single = doneOne / elapsedOne.TotalSeconds;
        Console.WriteLine($"one silo:  {single:0} evidence submissions persisted /s ({employers} employers, 64 submitters, {seconds}s)");

        var (second, _) = await BenchHost.StartAsync(connectionString, cluster);
        await using var __ = second;
        var two = second.Services.GetRequiredService<IGrainFactory>();
        var silos = await WaitForSilosAsync(one, 2);
        Console.WriteLine($"second silo joined: {silos} active silos in the cluster");

        await EvidenceBench.SetUpEmployersAsync([one, two], "bench-two", employers);
        var (doneTwo, elapsedTwo) = await EvidenceBench.SubmitForAsync([one, two], "bench-two", employers, seconds);
        var pair = doneTwo / elapsedTwo.TotalSeconds;
        Console.WriteLine($"two silos: {pair:0} evidence submissions persisted /s (the same load, split between the silos)");
        Console.WriteLine($"  ratio two/one = {pair / single:0.00} (both silos and PostgreSQL share this machine's {Environment.ProcessorCount} cores)");

        await second.StopAsync();
        await first.StopAsync();
        return 0;
    }

    private static async Task<int> WaitForSilosAsync(IGrainFactory grains, int wanted)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        for (var i = 0; i < 300; i++)
        {
            var active = (await management.GetHosts(onlyActive: true)).Count;
            if (active >= wanted)
            {
                return active;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"the cluster did not reach {wanted} active silos");
    }
}
