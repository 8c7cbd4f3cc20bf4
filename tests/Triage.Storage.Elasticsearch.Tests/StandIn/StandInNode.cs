using System.Net;
using System.Net.Sockets;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// One Elasticsearch-speaking node on 127.0.0.1 (a real HTTP listener on a free port) in front of
/// a <see cref="FakeCluster"/>. It stops by itself when stopped, when it "crashes" mid-request, or
/// after a minute without requests.
/// </summary>
internal sealed class StandInNode : IDisposable
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(1);
    private readonly HttpListener _listener = new();
    private readonly FakeCluster _cluster;
    private readonly Timer _idle;
    private int _stopped;

    public StandInNode(FakeCluster cluster)
    {
        _cluster = cluster;
        var port = FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.AbsoluteUri);
        _listener.Start();
        _idle = new Timer(_ => Stop(), null, IdleLimit, Timeout.InfiniteTimeSpan);
        _ = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    /// <summary>True once the node stopped answering.</summary>
    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Requests this node answered (or crashed on).</summary>
    public int Served { get; private set; }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _idle.Dispose();
            try
            {
                _listener.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!Stopped)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _idle.Change(IdleLimit, Timeout.InfiniteTimeSpan);
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            // The client gzips request bodies (Content-Encoding: gzip), which Elasticsearch accepts.
            Stream input = string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
                ? new System.IO.Compression.GZipStream(request.InputStream, System.IO.Compression.CompressionMode.Decompress)
                : request.InputStream;
            using var reader = new StreamReader(input);
            var body = await reader.ReadToEndAsync();
            var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var received = new StandInRequest(new HttpMethod(request.HttpMethod), request.Url!, headers, body);
            Served++;
            StandInResponse answer;
            string contentType;
            try
            {
                (answer, contentType) = _cluster.Handle(received);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A stand-in bug must fail the test, not hang it: a 500 with the stand-in's reason.
                _cluster.Faults.Add($"{received.Method} {received.RequestUri.PathAndQuery}: {ex}");
                var error = new System.Text.Json.Nodes.JsonObject { ["type"] = "stand_in_fault", ["reason"] = ex.GetType().Name + ": " + ex.Message + " at " + ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Tests.Support", StringComparison.Ordinal))?.Trim() };
                (answer, contentType) = (new StandInResponse(500, System.Text.Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject { ["error"] = error, ["status"] = 500 }.ToJsonString())), "application/json");
            }

            if (answer.Crash)
            {
                context.Response.Abort();
                Stop();
                return;
            }

            var response = context.Response;
            response.StatusCode = answer.Status;
            if (_cluster.ProductHeader)
            {
                response.Headers["X-Elastic-Product"] = "Elasticsearch";
            }

            response.ContentType = contentType;
            if (request.HttpMethod != "HEAD")
            {
                response.ContentLength64 = answer.Body.Length;
                await response.OutputStream.WriteAsync(answer.Body);
            }

            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client went away or the node was stopped mid-answer.
        }
    }
}
