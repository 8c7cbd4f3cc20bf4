using Elastic.Transport;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>Store specs and environment as the official client's settings: node pool, credentials, TLS.</summary>
public sealed class ConnectionSettingsTests
{
    [Fact]
    public void FromSpec_ThreeNodes_StaticPoolInTheGivenOrder()
    {
        var options = EsConnectionOptions.FromSpec("https://a:9200, https://b:9200,https://c:9200?namespace=prod", _ => null, insecure: false);

        var pool = Assert.IsType<StaticNodePool>(EsClientSettings.Pool(options));

        Assert.Equal(["https://a:9200/", "https://b:9200/", "https://c:9200/"], pool.Nodes.Select(n => n.Uri.AbsoluteUri));
        Assert.Equal("prod", options.Namespace);
        Assert.Equal("https://a:9200/,https://b:9200/,https://c:9200/", options.Endpoint);
    }

    [Fact]
    public void FromSpec_OneNode_SingleNodePool() =>
        Assert.IsType<SingleNodePool>(EsClientSettings.Pool(EsConnectionOptions.FromSpec("http://127.0.0.1:9200", _ => null, insecure: false)));

    [Fact]
    public void FromSpec_CloudIdWithApiKey_CloudPoolAndNoSecretInTheName()
    {
        // NAME:base64("HOST$ES_UUID$KIBANA_UUID"), the form Elastic Cloud shows.
        var id = "triage-prod:" + Convert.ToBase64String("eu-west-1.aws.found.io$abc123$def456"u8.ToArray());
        var env = new Dictionary<string, string> { ["TRIAGE_ES_API_KEY"] = "c2VjcmV0OmtleQ==" };

        var options = EsConnectionOptions.FromSpec("cloud:" + id, env.GetValueOrDefault, insecure: false);
        var pool = Assert.IsType<CloudNodePool>(EsClientSettings.Pool(options));

        Assert.Equal("https://abc123.eu-west-1.aws.found.io/", pool.Nodes.Single().Uri.AbsoluteUri);
        Assert.Equal("cloud:triage-prod", options.Endpoint);
        Assert.DoesNotContain("c2VjcmV0", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cloud:")]
    [InlineData("cloud:no-colon")]
    public void FromSpec_BadCloudId_StoreException(string spec) =>
        Assert.Throws<StoreException>(() => EsConnectionOptions.FromSpec(spec, _ => "key", insecure: false));

    [Fact]
    public void FromSpec_CloudIdWithoutCredentials_RefusedNamingTheVariables()
    {
        var error = Assert.Throws<StoreException>(() => EsConnectionOptions.FromSpec("cloud:x:eXo=", _ => null, insecure: false));

        Assert.Contains("TRIAGE_ES_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSpec_SecondNodeWithCredentials_RefusedWithoutEchoingThem()
    {
        var error = Assert.Throws<StoreException>(() => EsConnectionOptions.FromSpec("https://a:9200,https://elastic:hunter2@b:9200", _ => null, insecure: false));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FingerprintWithColons_ClientPinsTheHex()
    {
        var options = new EsConnectionOptions { Nodes = [new Uri("https://es:9200")], CaFingerprint = "a1:b2:c3:d4" };

        ITransportConfiguration settings = EsClientSettings.Create(options);

        Assert.Equal("A1B2C3D4", settings.CertificateFingerprint);
        Assert.Null(settings.ServerCertificateValidationCallback);
    }

    [Fact]
    public void Create_Insecure_AcceptsAnyCertificateOnlyWhenAsked()
    {
        ITransportConfiguration secure = EsClientSettings.Create(new EsConnectionOptions { Nodes = [new Uri("https://es:9200")] });
        ITransportConfiguration insecure = EsClientSettings.Create(new EsConnectionOptions { Nodes = [new Uri("https://es:9200")], Insecure = true });

        Assert.Null(secure.ServerCertificateValidationCallback);
        Assert.NotNull(insecure.ServerCertificateValidationCallback);
    }

    [Fact]
    public void Create_UnreadableCaFile_StoreExceptionNamingTheFile()
    {
        var error = Assert.Throws<StoreException>(() => EsClientSettings.Create(new EsConnectionOptions { Nodes = [new Uri("https://es:9200")], CaFile = "/nonexistent/ca.pem" }));

        Assert.Contains("/nonexistent/ca.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ThreeNodes_FailsOverToEachOtherNodeAndPingsNot()
    {
        ITransportConfiguration settings = EsClientSettings.Create(new EsConnectionOptions { Nodes = [new Uri("http://a:9200"), new Uri("http://b:9200"), new Uri("http://c:9200")] });

        Assert.Equal(2, settings.MaxRetries);
        Assert.True(settings.DisablePings);
    }
}
