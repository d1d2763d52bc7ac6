using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// A small OpenID Connect provider on 127.0.0.1 for the sign-in tests — a council's identity provider as far as the code
/// flow goes: discovery, a signing key (RS256) published as JWKS, an authorize endpoint that signs in whoever the test
/// says (<see cref="SignInAs"/>) at once, and a token endpoint that checks the client, the redirect and the PKCE verifier
/// and answers a signed ID token carrying the nonce, <c>email</c> and <c>email_verified</c>.
/// </summary>
public sealed class LoopbackOidcProvider : IAsyncDisposable
{
    public const string ClientId = "regionalgoodwork-tests";

    public const string ClientSecret = "loopback-client-secret";

    private readonly WebApplication app;
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;
    private readonly ConcurrentDictionary<string, Grant> grants = new(StringComparer.Ordinal);
    private volatile Person? person;

    private LoopbackOidcProvider(WebApplication app)
    {
        this.app = app;
        key = new RsaSecurityKey(rsa) { KeyId = "loopback-1" };
    }

    public Uri Authority { get; private set; } = null!;

    /// <summary>Codes the token endpoint exchanged.</summary>
    public int TokensIssued => tokensIssued;

    private int tokensIssued;

    public static async Task<LoopbackOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new LoopbackOidcProvider(app);
        provider.Map();
        await app.StartAsync();
        provider.Authority = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return provider;
    }

    /// <summary>Who the next authorization signs in.</summary>
    public void SignInAs(string email, bool emailVerified = true, string name = "Test Person") => person = new Person(email, emailVerified, name);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }

    private string Issuer => Authority.ToString().TrimEnd('/');

    private void Map()
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "email", "profile" },
        }));

        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });

        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || person is not { } who)
            {
                return Results.BadRequest("unknown client, unsupported response type, or nobody to sign in");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            grants[code] = new Grant(who, q["redirect_uri"].ToString(), q["nonce"].ToString(), q["code_challenge"].ToString());
            var redirect = $"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}";
            return Results.Redirect(redirect);
        });

        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = Client(request, form);
            if (clientId != ClientId || secret != ClientSecret || form["grant_type"] != "authorization_code"
                || !grants.TryRemove(form["code"].ToString(), out var grant) || form["redirect_uri"] != grant.RedirectUri
                || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
            }

            Interlocked.Increment(ref tokensIssued);
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
                Subject = new ClaimsIdentity(
                [
                    new Claim("sub", $"sub-{grant.Person.Email}"),
                    new Claim("email", grant.Person.Email),
                    new Claim("email_verified", grant.Person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean),
                    new Claim("name", grant.Person.Name),
                    new Claim("nonce", grant.Nonce),
                ]),
            });
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    private static (string? Id, string? Secret) Client(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Person(string Email, bool EmailVerified, string Name);

    private sealed record Grant(Person Person, string RedirectUri, string Nonce, string CodeChallenge);
}
