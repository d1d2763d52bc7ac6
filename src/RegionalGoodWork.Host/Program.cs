using RegionalGoodWork.Host;

var app = await PlatformHost.BuildAsync(args);
await app.RunAsync();
