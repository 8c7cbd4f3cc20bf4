using System.Text.Json;
using System.Text.Json.Serialization;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// A document already rendered as JSON (the ECS symptom written by <see cref="SymptomDocument"/>),
/// handed to the client's typed bulk request as its source: the client writes the bytes as they are.
/// </summary>
[JsonConverter(typeof(RawDocumentConverter))]
internal sealed class RawDocument
{
    public RawDocument(byte[] json)
    {
        Json = json;
    }

    public byte[] Json { get; }

    /// <summary>Writes the rendered bytes; documents are never read back through this type.</summary>
    private sealed class RawDocumentConverter : JsonConverter<RawDocument>
    {
        public override RawDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return new RawDocument(JsonSerializer.SerializeToUtf8Bytes(doc.RootElement));
        }

        public override void Write(Utf8JsonWriter writer, RawDocument value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
