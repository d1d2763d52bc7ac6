using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A person's browser, as far as the sign-in tests need one: keeps the cookies the platform sets (secure cookies too —
/// a browser keeps them on loopback), follows no redirect by itself, and submits the forms of the pages it got.
/// </summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient http;

    /// <summary>For other sites (an identity provider): their cookies are not kept.</summary>
    private readonly HttpClient elsewhere = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private readonly Uri platformAddress;

    public Browser(PlatformApp platform)
    {
        platformAddress = platform.Anonymous.BaseAddress!;
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = platformAddress };
    }

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header seen, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, Relative(path)));

    /// <summary>Submits the first form of <paramref name="page"/> (its action, its hidden fields).</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SubmitAsync(string page)
    {
        var form = FormTag().Match(page);
        Assert.True(form.Success, "the page has a form: " + page);
        var fields = HiddenField().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, Relative(WebUtility.HtmlDecode(form.Groups["action"].Value)))
        {
            Content = new FormUrlEncodedContent(fields),
        });
    }

    /// <summary>An API call with the session cookie, and the page's antiforgery token in the header when given.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> ApiAsync(HttpMethod method, string path, string? json = null, string? antiforgeryToken = null)
    {
        var request = new HttpRequestMessage(method, Relative(path)) { Content = json is null ? null : KeyedRequests.Json(json) };
        if (antiforgeryToken is not null)
        {
            request.Headers.Add("X-CSRF-Token", antiforgeryToken);
        }

        return await SendAsync(request);
    }

    public async Task<JsonElement> MeAsync()
    {
        var (status, body, _) = await ApiAsync(HttpMethod.Get, "/api/v1/me");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static string FormToken(string page) => WebUtility.HtmlDecode(HiddenField().Match(page).Groups["value"].Value);

    /// <summary>Follows redirects (to other sites too) from <paramref name="path"/> until an answer that is not one.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> FollowAsync(string path)
    {
        var answer = await GetAsync(path);
        for (var hops = 0; hops < 10 && (int)answer.Status is >= 300 and < 400 && answer.Response.Headers.Location is { } next; hops++)
        {
            answer = await GetAsync(next.IsAbsoluteUri ? next.ToString() : next.OriginalString);
        }

        return answer;
    }

    public void Dispose()
    {
        http.Dispose();
        elsewhere.Dispose();
    }

    /// <summary>A path on the platform, or an absolute address elsewhere (kept absolute).</summary>
    private Uri Relative(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute.Authority == platformAddress.Authority ? new Uri(absolute.PathAndQuery, UriKind.Relative) : absolute
            : new Uri(pathOrUrl, UriKind.Relative);

    private async Task<(HttpStatusCode, string, HttpResponseMessage)> SendAsync(HttpRequestMessage request)
    {
        if (request.RequestUri!.IsAbsoluteUri)
        {
            using (request)
            {
                var away = await elsewhere.SendAsync(request);
                return (away.StatusCode, await away.Content.ReadAsStringAsync(), away);
            }
        }

        using (request)
        {
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(header);
                var pair = header.Split(';', 2)[0].Split('=', 2);
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                if (expired || pair[1].Length == 0)
                {
                    Cookies.Remove(pair[0]);
                }
                else
                {
                    Cookies[pair[0]] = pair[1];
                }
            }

            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormTag();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}
