using System.Globalization;
using System.Net;
using System.Text;

namespace Triage.Alerts.Delivery;

/// <summary>POSTs a JSON body and turns every failure into an <see cref="AlertDeliveryException"/> (the URL is named without credentials or query).</summary>
internal static class HttpPoster
{
    public static async Task PostAsync(HttpClient http, Uri url, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"{Safe(url)} unreachable: {ex.Message}", retryable: true, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"{Safe(url)} did not answer in {http.Timeout.TotalSeconds:0} s", retryable: true, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            throw new AlertDeliveryException(
                string.Create(CultureInfo.InvariantCulture, $"{Safe(url)} answered {code} {response.ReasonPhrase}: {Triage.Text.TerminalText.Sanitize(text, 300)}"),
                retryable: code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
        }
    }

    /// <summary>The URL as logs may show it: scheme, host, port and path only (a Slack webhook's path is its secret, so only its host).</summary>
    public static string Safe(Uri url) => url.Host.EndsWith("slack.com", StringComparison.OrdinalIgnoreCase)
        ? $"{url.Scheme}://{url.Authority}/…"
        : $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}
