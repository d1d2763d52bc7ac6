using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A key's secret and a sign-in link's are shown once, to whoever asked, and nowhere else: not in any log line the
/// platform writes (its own categories down to Debug, the framework's at the shipped levels; structured values and
/// exceptions included) nor in any stored row, however they are used — well, wrongly, after revocation.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private readonly LogCapture logs = new();
    private PlatformApp platform = null!;

    public async Task InitializeAsync() =>
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" }, logs: logs);

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task TheSecrets_OfKeysAndSignInLinks_AppearInNoLogLine_AndNoStoredRow()
    {
        using var issued = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative),
            KeyedRequests.Json("""{"name":"Payroll","role":"employer","scope":{"employerId":"secret-ltd"}}"""));
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var (id, key) = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
        var keySecret = key[^43..];

        Assert.Equal(HttpStatusCode.OK, await platform.StatusAsync(HttpMethod.Get, "/api/v1/me", key));
        Assert.Equal(HttpStatusCode.Forbidden, await platform.StatusAsync(HttpMethod.Get, "/api/v1/keys", key));
        Assert.Equal(HttpStatusCode.Unauthorized, await platform.StatusAsync(HttpMethod.Get, "/api/v1/me", key[..^1] + (key[^1] == 'A' ? "B" : "A")));
        Assert.Equal(HttpStatusCode.NoContent, await platform.StatusAsync(HttpMethod.Delete, $"/api/v1/keys/{id}", PlatformApp.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await platform.StatusAsync(HttpMethod.Get, "/api/v1/me", key));

        using var link = await platform.SendAsync(HttpMethod.Post, "/api/v1/sign-in-links", PlatformApp.AdminKey,
            """{"name":"Ada","role":"employer","scope":{"employerId":"secret-ltd"}}""");
        var url = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var linkSecret = url[^43..];
        using var browser = new Browser(platform);
        var (_, page, _) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(page)).Status);
        using var again = new Browser(platform);
        Assert.Equal(HttpStatusCode.Gone, (await again.GetAsync(url)).Status);

        Assert.True(logs.Lines.Count > 50, $"the capture saw the platform's logs ({logs.Lines.Count} lines)");
        Assert.Contains(logs.Lines, l => l.Contains(id, StringComparison.Ordinal)); // the key is named by its id
        foreach (var secret in new[] { keySecret, linkSecret })
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.Equal(0, await RowsContainingAsync(secret));
        }
    }

    /// <summary>Rows of any table whose text, or any binary column's bytes (grain payloads), contain <paramref name="text"/>.</summary>
    private async Task<long> RowsContainingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(platform.Database!.ConnectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var list = new NpgsqlCommand(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t " +
            "ON t.table_name = c.table_name AND t.table_schema = c.table_schema WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!tables.TryGetValue(reader.GetString(0), out var binary))
                {
                    tables[reader.GetString(0)] = binary = [];
                }

                if (reader.GetString(2) == "bytea")
                {
                    binary.Add(reader.GetString(1));
                }
            }
        }

        Assert.True(tables.Keys.Any(t => t.Contains("grain", StringComparison.Ordinal)), "the grain state table is searched");
        long found = 0;
        foreach (var (table, binary) in tables)
        {
            var where = string.Join(" OR ", binary.Select(c => $"position(convert_to(@text, 'UTF8') in coalesce(\"{c}\", ''::bytea)) > 0").Prepend("position(@text in t::text) > 0"));
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" t WHERE {where}", connection);
            count.Parameters.AddWithValue("text", text);
            found += (long)(await count.ExecuteScalarAsync())!;
        }

        return found;
    }
}
