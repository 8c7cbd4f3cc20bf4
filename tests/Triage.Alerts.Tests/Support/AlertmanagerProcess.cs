using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Triage.Alerts.Tests.Support;

/// <summary>
/// A real Prometheus Alertmanager (Debian's <c>prometheus-alertmanager</c>, which <c>.ci/run</c>
/// installs) on a free loopback port with a temp config and storage and no cluster gossip; killed
/// on dispose. Reads alerts back with <c>GET /api/v2/alerts</c> and adds silences with
/// <c>POST /api/v2/silences</c>.
/// </summary>
internal sealed class AlertmanagerProcess : IDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, string dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
    }

    public Uri Url { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<AlertmanagerProcess> StartAsync()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install -y prometheus-alertmanager (.ci/run installs it)");
        var dir = Path.Combine(Path.GetTempPath(), "triage-am-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "alertmanager.yml");
        File.WriteAllText(config, "route:\n  receiver: 'null'\n  group_by: [run, hypothesis]\nreceivers:\n  - name: 'null'\n");
        var port = FreePort();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--config.file=" + config, "--storage.path=" + Path.Combine(dir, "data"), "--cluster.listen-address=", $"--web.listen-address=127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var am = new AlertmanagerProcess(process, dir, new Uri($"http://127.0.0.1:{port}"));
        process.ErrorDataReceived += (_, e) => am.Append(e.Data);
        process.OutputDataReceived += (_, e) => am.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await am.WaitReadyAsync();
            return am;
        }
        catch
        {
            am.Dispose();
            throw;
        }
    }

    /// <summary>The alerts Alertmanager holds (active, silenced and inhibited; resolved ones are not listed).</summary>
    public async Task<JsonElement[]> AlertsAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(Url, "/api/v2/alerts")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Adds a silence with equality matchers for an hour; returns its id.</summary>
    public async Task<string> SilenceAsync(params (string Name, string Value)[] matchers)
    {
        var body = JsonSerializer.Serialize(new
        {
            matchers = matchers.Select(m => new { name = m.Name, value = m.Value, isRegex = false, isEqual = true }),
            startsAt = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("o"),
            endsAt = TimeProvider.System.GetUtcNow().AddHours(1).ToString("o"),
            createdBy = "test",
            comment = "test",
        });
        using var response = await Http.PostAsync(new Uri(Url, "/api/v2/silences"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("silenceID").GetString()!;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(Url, "/-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        string log;
        lock (_log)
        {
            log = _log.ToString();
        }

        throw new InvalidOperationException("alertmanager did not become ready: " + log);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
