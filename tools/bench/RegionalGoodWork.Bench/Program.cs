using RegionalGoodWork.Bench;

// Benchmarks (ratios against a baseline measured in the same run, never absolute timings in tests).
//   indicators <connection string> [employers=100000]
return args.FirstOrDefault() switch
{
    "indicators" when args.Length >= 2 => await IndicatorsBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: RegionalGoodWork.Bench indicators <pg-connection-string> [employers]");
    return 2;
}
