using RegionalGoodWork.Bench;

// Benchmarks (ratios against a baseline measured in the same run, never absolute timings in tests).
//   indicators <connection string> [employers=100000] [councils: an England-size region of that many English councils]
//   evidence   <connection string> <pgbench tps> [seconds=10]
//   gpg        <connection string> <gender pay gap CSV>
//   import     <connection string> [employers=10000]
//   uplift     <connection string> [members=10000]
//   scaleout   <connection string> [seconds=10]
//   impact     <connection string> [members=10000]
return args.FirstOrDefault() switch
{
    "indicators" when args.Length >= 2 => await IndicatorsBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : null),
    "evidence" when args.Length >= 3 => await EvidenceBench.RunAsync(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10),
    "gpg" when args.Length >= 3 => await GenderPayGapBench.RunAsync(args[1], args[2]),
    "import" when args.Length >= 2 => await ImportBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000),
    "uplift" when args.Length >= 2 => await UpliftBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000),
    "scaleout" when args.Length >= 2 => await ScaleOutBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10),
    "impact" when args.Length >= 2 => await ImpactBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: RegionalGoodWork.Bench indicators <pg-connection-string> [employers] [councils]");
    Console.Error.WriteLine("       RegionalGoodWork.Bench evidence <pg-connection-string> <pgbench-tps> [seconds]");
    Console.Error.WriteLine("       RegionalGoodWork.Bench gpg <pg-connection-string> <gender-pay-gap-csv>");
    Console.Error.WriteLine("       RegionalGoodWork.Bench import <pg-connection-string> [employers]");
    Console.Error.WriteLine("       RegionalGoodWork.Bench uplift <pg-connection-string> [members]");
    Console.Error.WriteLine("       RegionalGoodWork.Bench scaleout <pg-connection-string> [seconds]");
    Console.Error.WriteLine("       RegionalGoodWork.Bench impact <pg-connection-string> [members]");
    return 2;
}
