using System.Globalization;
using System.Text;

namespace RegionalGoodWork.Webhooks;

/// <summary>
/// Sends one attempt of a delivery through the module's named HttpClient (IHttpClientFactory; an attempt timeout, no
/// redirects followed, no retries here: the webhook's durable queue retries). A 2xx is delivered; anything else — another
/// status, a timeout, a refused connection — is a failed attempt, described.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string ClientName = "webhooks";

    public async Task<(bool Delivered, string? Error)> SendAsync(Uri url, string secret, string eventId, string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, eventId, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode
                ? (true, null)
                : (false, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException
                                       or Polly.Timeout.TimeoutRejectedException)
        {
            return (false, ex is HttpRequestException ? $"unreachable: {ex.Message}" : "no answer in time");
        }
    }
}
