using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Triage.Alerts.Tests.Support;

/// <summary>A loopback HTTP receiver (HttpListener on a free port) that records every POST body and answers with a chosen status.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Requests seen, including refused ones.</summary>
    public int Requests => _requests;

    /// <summary>Status to answer the next requests with (e.g. 503 to refuse); 200 by default.</summary>
    public int Status { get; set; } = 200;

    private int _requests;

    public void Dispose()
    {
        // Closing ends the loop: GetContextAsync throws and LoopAsync returns.
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
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

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref _requests);
            var status = Status;
            if (status == 200)
            {
                Bodies.Enqueue(body);
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
