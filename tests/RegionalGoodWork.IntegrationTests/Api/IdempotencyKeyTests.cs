using Microsoft.Extensions.Primitives;
using RegionalGoodWork.Host.Api.Idempotency;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>The header's rules and the scope a key lives in (pure; the HTTP behaviour is in <see cref="IdempotencyTests"/>).</summary>
public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"quoted key\"", "quoted key")]
    [InlineData("~!#$ printable, all of it", "~!#$ printable, all of it")]
    public void Read_APrintableKey_IsTaken(string header, string key) =>
        Assert.Equal((key, null), IdempotencyKey.Read(new StringValues(header)));

    [Fact]
    public void Read_TwoHeadersOrALongOrNonAsciiKey_IsRefused()
    {
        Assert.NotNull(IdempotencyKey.Read(new StringValues(["a", "b"])).Error);
        Assert.NotNull(IdempotencyKey.Read(new StringValues(new string('k', 256))).Error);
        Assert.NotNull(IdempotencyKey.Read(new StringValues("clé")).Error);
        Assert.NotNull(IdempotencyKey.Read(new StringValues("\"\"")).Error);
        Assert.Null(IdempotencyKey.Read(new StringValues(new string('k', 255))).Error);
    }

    [Fact]
    public void Scope_DiffersByCallerMethodPathAndKey_AndNamesTheCallerByKeyId()
    {
        var admin = IdempotencyKey.CallerOf("admin");
        var scope = IdempotencyKey.Scope(admin, "POST", "/api/v1/employers/a/evidence", "k");

        Assert.Equal(scope, IdempotencyKey.Scope(IdempotencyKey.CallerOf("admin"), "POST", "/api/v1/employers/a/evidence", "k"));
        Assert.Equal(5, new[]
        {
            scope,
            IdempotencyKey.Scope(IdempotencyKey.CallerOf("0123456789abcdef"), "POST", "/api/v1/employers/a/evidence", "k"),
            IdempotencyKey.Scope(IdempotencyKey.CallerOf((string?)null), "POST", "/api/v1/employers/a/evidence", "k"),
            IdempotencyKey.Scope(admin, "POST", "/api/v1/employers/b/evidence", "k"),
            IdempotencyKey.Scope(admin, "POST", "/api/v1/employers/a/evidence", "k2"),
        }.Distinct().Count());
        Assert.Equal("anonymous", IdempotencyKey.CallerOf((string?)null));
        Assert.Equal("key:admin", admin);
        Assert.Matches("^[0-9a-f]{64}$", scope);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(400, true)]
    [InlineData(404, true)]
    [InlineData(409, true)]
    [InlineData(429, false)]
    [InlineData(408, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    [InlineData(302, false)]
    public void IsFinal_Keeps2xxAnd4xx_NeverAnOutageOrNotNow(int status, bool final) =>
        Assert.Equal(final, IdempotencyGate.IsFinal(status));
}
