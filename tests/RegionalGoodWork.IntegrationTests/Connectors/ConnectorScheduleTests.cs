using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// A platform of its own: the register's sync on a 2-second schedule (Orleans' reminder floor lowered to match), the gender
/// pay gap connector switched off in configuration; then the register's feature flag switched off while running.
/// </summary>
public sealed class ConnectorScheduleTests
{
    [Fact]
    public async Task TheSchedule_RunsASyncByItself_AndASwitchedOffConnectorRefusesToSync()
    {
        await using var register = await PartnerStub.StartAsync();
        await using var payGap = await PartnerStub.StartAsync();
        var settings = ConnectorsApp.Settings(register, payGap);
        settings[$"Connectors:{ConnectorsApp.Register}:Schedule"] = "00:00:02";
        settings["Orleans:MinimumReminderPeriod"] = "00:00:02";
        settings[$"Connectors:{ConnectorsApp.PayGap}:Enabled"] = "false";
        var (employer, number) = (ConnectorRequests.NewId("lw-sched"), ConnectorRequests.NewCompanyNumber());
        register.Reset(PartnerStub.Body("application/json", $$"""{"employers":[{"companyNumber":"{{number}}","name":"Scheduled Ltd","accreditedOn":"2024-01-01"}]}"""));
        await using var app = await PlatformApp.StartOnPostgresAsync(settings);
        await app.DefineEmployerAsync(employer, number);

        var scheduled = await Eventually.HoldsAsync(
            async () => (await app.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.Register}/runs")).EnumerateArray().ToList(),
            runs => runs.Any(r => r.GetProperty("trigger").GetString() == "schedule" && r.GetProperty("status").GetString() == "succeeded"
                && r.GetProperty("changed").GetInt32() == 1),
            "a scheduled run of the register that records the employer", TimeSpan.FromSeconds(60));

        Assert.NotEmpty(scheduled);
        Assert.Equal([("true", "partner-verified")], await app.ItemsAsync(employer, "pay.rlw-accredited"));

        using var off = await app.SendAsync(HttpMethod.Post, $"/api/v1/connectors/{ConnectorsApp.PayGap}/sync", PlatformApp.AdminKey);
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode);
        Assert.Contains("Enabled", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await app.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.PayGap}")).GetProperty("enabled").GetBoolean());

        // The connector's feature flag switched off (configuration reloaded): 403 problem+json, no run started.
        var configuration = (IConfigurationRoot)app.App.Configuration;
        configuration[$"FeatureManagement:Connectors.{ConnectorsApp.Register}"] = "false";
        configuration.Reload();
        var flagged = await Eventually.HoldsAsync(
            () => app.StatusAsync(HttpMethod.Post, $"/api/v1/connectors/{ConnectorsApp.Register}/sync", PlatformApp.AdminKey),
            s => s == HttpStatusCode.Forbidden, "the register's sync to be refused once its flag is off", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Forbidden, flagged);
    }
}
