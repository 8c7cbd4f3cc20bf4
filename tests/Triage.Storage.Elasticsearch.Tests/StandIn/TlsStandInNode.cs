using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// A stand-in node behind TLS on 127.0.0.1 with a fresh self-signed certificate (as a new
/// Elasticsearch node has its own CA): plain HTTP/1.1 over <see cref="SslStream"/>, one request
/// per connection, answered by a <see cref="FakeCluster"/>. Stops when disposed.
/// </summary>
internal sealed class TlsStandInNode : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly FakeCluster _cluster;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));

    public TlsStandInNode(FakeCluster cluster)
    {
        _cluster = cluster;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        _listener.Start();
        Uri = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the certificate, hex with ':' as Elasticsearch prints it at first start.</summary>
    public string Fingerprint => string.Join(':', SHA256.HashData(Certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>TLS handshakes that failed (the client refused the certificate).</summary>
    public int RefusedHandshakes { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Certificate.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(Certificate);
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            RefusedHandshakes++;
            return;
        }

        try
        {
            var (request, _) = await ReadAsync(tls);
            var (answer, contentType) = _cluster.Handle(request);
            var head = $"HTTP/1.1 {answer.Status} X\r\nContent-Type: {contentType}\r\nX-Elastic-Product: Elasticsearch\r\nContent-Length: {(request.Method == HttpMethod.Head ? 0 : answer.Body.Length)}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            if (request.Method != HttpMethod.Head)
            {
                await tls.WriteAsync(answer.Body);
            }

            await tls.FlushAsync();
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    /// <summary>Reads one HTTP/1.1 request (headers, then a Content-Length body, gunzipped when so encoded).</summary>
    private static async Task<(StandInRequest Request, int Length)> ReadAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed mid-request");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        Stream content = new MemoryStream(body);
        if (headers.TryGetValue("Content-Encoding", out var encoding) && encoding == "gzip")
        {
            content = new System.IO.Compression.GZipStream(content, System.IO.Compression.CompressionMode.Decompress);
        }

        using var reader = new StreamReader(content);
        var text = await reader.ReadToEndAsync();
        return (new StandInRequest(new HttpMethod(start[0]), new Uri("https://127.0.0.1" + start[1]), headers, text), length);
    }
}
