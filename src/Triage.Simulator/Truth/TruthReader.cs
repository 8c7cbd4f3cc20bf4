using System.Globalization;
using System.Text.Json;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Simulator.Truth;

/// <summary>
/// Reads a ground-truth file (<c>triage.truth/v1</c>, see <see cref="GroundTruth"/>) in one
/// streaming pass: the file is tokenised from a small, growing buffer, so memory is proportional
/// to the entries read (paths and cause ids are shared between entries), not to the file's text.
/// Unknown properties are skipped, so newer writers may add fields. Thread-safe (stateless).
/// </summary>
/// <remarks>
/// Errors are <see cref="TriageException"/>s naming the file and the problem: a missing file
/// (<see cref="ExitCodes.Usage"/>), and unreadable files, bad JSON, a wrong or missing schema,
/// a missing required field, an unknown category or role, or a symptom naming an unknown cause
/// (<see cref="ExitCodes.Failure"/>). Cancellation is an <see cref="OperationCanceledException"/>.
/// </remarks>
public static class TruthReader
{
    /// <summary>The longest single JSON token accepted (1 MiB): a truth file has no reason for more.</summary>
    internal const int MaxTokenBytes = 1 << 20;

    /// <summary>Reads and validates the truth file at <paramref name="path"/>.</summary>
    /// <exception cref="TriageException">The file is missing, unreadable or not a valid truth file.</exception>
    public static GroundTruth Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TriageException($"truth file '{path}' does not exist", ExitCodes.Usage, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"truth file '{path}': cannot open it: {ex.Message}", ExitCodes.Failure, ex);
        }

        using (stream)
        {
            return Read(stream, path, cancellationToken);
        }
    }

    /// <summary>
    /// <see cref="Read(string, CancellationToken)"/> on the thread pool, so a caller on a UI or
    /// request thread is not blocked by a large file. Same errors.
    /// </summary>
    public static Task<GroundTruth> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(path, cancellationToken), cancellationToken);

    /// <summary>Reads a truth document from <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    /// <param name="stream">The document.</param>
    /// <param name="name">The file name errors give.</param>
    /// <param name="cancellationToken">Checked every few thousand entries.</param>
    /// <param name="bufferSize">The read buffer's starting size (tests use tiny ones to cross every boundary).</param>
    internal static GroundTruth Read(Stream stream, string name, CancellationToken cancellationToken, int bufferSize = 64 * 1024)
    {
        var tokens = new TruthJsonTokens(stream, name, bufferSize);
        try
        {
            return new TruthParser(tokens, cancellationToken).Parse();
        }
        catch (JsonException ex)
        {
            throw new TriageException($"truth file '{name}', line {tokens.Line}: not valid JSON: {Trim(ex.Message)}", ExitCodes.Failure, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TriageException($"truth file '{name}', line {tokens.Line}: not valid JSON text: {ex.Message}", ExitCodes.Failure, ex);
        }
        catch (IOException ex)
        {
            throw new TriageException($"truth file '{name}': cannot read it: {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    // System.Text.Json appends positions relative to the current buffer; ours are better.
    private static string Trim(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    /// <summary>Pulls the document apart token by token; one instance per read.</summary>
    private sealed class TruthParser(TruthJsonTokens tokens, CancellationToken cancellationToken)
    {
        private static readonly string Categories = string.Join(", ", Names.All<SymptomCategory>());
        private static readonly string Roles = string.Join(", ", Names.All<AttributionRole>());
        private long _entries;

        public GroundTruth Parse()
        {
            string? schema = null, run = null;
            IReadOnlyList<string> scenarios = [];
            int seed = 0, ranks = 0, gpusPerHost = 0;
            List<TruthCause>? causes = null;
            var symptoms = new List<TruthSymptom>();
            var noise = new List<TruthNoise>();
            cancellationToken.ThrowIfCancellationRequested();
            Next();
            Expect(JsonTokenType.StartObject, "the document must be a JSON object");
            while (NextProperty() is { } property)
            {
                switch (property)
                {
                    case "schema":
                        schema = ReadString(property);
                        if (schema != GroundTruth.SchemaName)
                        {
                            throw Fail($"schema is '{schema}', expected '{GroundTruth.SchemaName}'");
                        }

                        break;
                    case "run": run = ReadString(property); break;
                    case "scenarios": scenarios = ReadArray(() => ReadString("scenarios[]")); break;
                    case "seed": seed = ReadInt32(property); break;
                    case "ranks": ranks = ReadInt32(property); break;
                    case "gpus_per_host": gpusPerHost = ReadInt32(property); break;
                    case "causes": causes = ReadArray(ReadCause); break;
                    case "symptoms": ReadArrayInto(symptoms, ReadSymptom); break;
                    case "noise": ReadArrayInto(noise, ReadNoise); break;
                    default: Skip(); break;
                }
            }

            if (tokens.Read())
            {
                throw Fail("unexpected content after the document");
            }

            if (schema is null)
            {
                throw Fail($"no 'schema'; expected \"schema\": \"{GroundTruth.SchemaName}\"");
            }

            if (run is null || causes is null)
            {
                throw Fail($"missing '{(run is null ? "run" : "causes")}'");
            }

            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var cause in causes)
            {
                if (!ids.Add(cause.Id))
                {
                    throw Fail($"cause id '{cause.Id}' appears twice", withLine: false);
                }
            }

            foreach (var symptom in symptoms)
            {
                if (!ids.Contains(symptom.Cause))
                {
                    throw Fail($"symptom {symptom.Path}:{symptom.Line} names cause '{symptom.Cause}', which is not among the causes", withLine: false);
                }
            }

            symptoms.TrimExcess();
            noise.TrimExcess();
            return new GroundTruth(run, scenarios, seed, ranks, gpusPerHost, causes, symptoms, noise);
        }

        private TruthCause ReadCause()
        {
            string? id = null, scenario = null, summary = null;
            SymptomCategory? category = null;
            List<IReadOnlyList<Factor>>? match = null;
            DateTimeOffset? firstSeen = null;
            Expect(JsonTokenType.StartObject, "a cause must be an object");
            var line = tokens.Line;
            while (NextProperty() is { } property)
            {
                switch (property)
                {
                    case "id": id = ReadString(property); break;
                    case "scenario": scenario = ReadString(property); break;
                    case "summary": summary = ReadString(property); break;
                    case "category":
                        var text = ReadString(property);
                        category = Names.TryParse<SymptomCategory>(text, out var parsed)
                            ? parsed
                            : throw Fail($"unknown category '{text}' (expected one of {Categories})");
                        break;
                    case "match": match = ReadArray<IReadOnlyList<Factor>>(() => ReadArray(ReadFactor)); break;
                    case "first_seen": firstSeen = ReadTime(property); break;
                    default: Skip(); break;
                }
            }

            var missing = id is null ? "id" : category is null ? "category" : match is null ? "match" : null;
            if (missing is not null)
            {
                throw Fail($"the cause starting on line {line} has no '{missing}'", withLine: false);
            }

            if (match!.Count == 0)
            {
                throw Fail($"cause '{id}': 'match' lists no alternatives", withLine: false);
            }

            if (match.Any(a => a.Count == 0))
            {
                throw Fail($"cause '{id}': an empty alternative names nothing; name the pattern instead (e.g. [{{\"key\": \"pattern\", \"value\": \"spread\"}}] for failures spread evenly)", withLine: false);
            }

            return new TruthCause(id!, scenario ?? id!, category!.Value, summary ?? string.Empty, match, firstSeen);
        }

        private Factor ReadFactor()
        {
            Expect(JsonTokenType.StartObject, "a factor must be an object {\"key\": ..., \"value\": ...}");
            string? key = null, value = null;
            while (NextProperty() is { } property)
            {
                switch (property)
                {
                    case "key": key = ReadString(property); break;
                    case "value": value = ReadString(property); break;
                    default: Skip(); break;
                }
            }

            return key is null || value is null ? throw Fail("a factor needs both 'key' and 'value'") : new Factor(key, value);
        }

        private TruthSymptom ReadSymptom()
        {
            Expect(JsonTokenType.StartObject, "a symptom entry must be an object");
            string? path = null, cause = null;
            long line = 0;
            long? block = null;
            var primary = true;
            AttributionRole? role = null;
            while (NextProperty() is { } property)
            {
                switch (property)
                {
                    case "path": path = ReadString(property); break;
                    case "line": line = ReadLine(); break;
                    case "cause": cause = ReadString(property); break;
                    case "role":
                        var text = ReadString(property);
                        role = Names.TryParse<AttributionRole>(text, out var parsed)
                            ? parsed
                            : throw Fail($"unknown role '{text}' (expected one of {Roles})");
                        break;
                    case "block": block = ReadBlock(); break;
                    case "primary": primary = ReadBool(property); break;
                    default: Skip(); break;
                }
            }

            return path is null || line == 0 || cause is null || role is null
                ? throw Fail("a symptom entry needs 'path', 'line', 'cause' and 'role'")
                : new TruthSymptom(path, line, cause, role.Value) { Block = block, Primary = primary };
        }

        private TruthNoise ReadNoise()
        {
            Expect(JsonTokenType.StartObject, "a noise entry must be an object");
            string? path = null, note = null;
            long line = 0;
            long? block = null;
            var primary = true;
            while (NextProperty() is { } property)
            {
                switch (property)
                {
                    case "path": path = ReadString(property); break;
                    case "line": line = ReadLine(); break;
                    case "note": note = ReadString(property); break;
                    case "block": block = ReadBlock(); break;
                    case "primary": primary = ReadBool(property); break;
                    default: Skip(); break;
                }
            }

            return path is null || line == 0
                ? throw Fail("a noise entry needs 'path' and 'line'")
                : new TruthNoise(path, line, note ?? string.Empty) { Block = block, Primary = primary };
        }

        private List<T> ReadArray<T>(Func<T> item)
        {
            var list = new List<T>();
            ReadArrayInto(list, item);
            return list;
        }

        private void ReadArrayInto<T>(List<T> list, Func<T> item)
        {
            Expect(JsonTokenType.StartArray, "expected an array");
            while (true)
            {
                Next();
                if (tokens.Type == JsonTokenType.EndArray)
                {
                    return;
                }

                if ((++_entries & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                list.Add(item());
            }
        }

        /// <summary>Moves to the next property's value and returns its name, or null at the end of the object.</summary>
        private string? NextProperty()
        {
            Next();
            if (tokens.Type == JsonTokenType.EndObject)
            {
                return null;
            }

            var name = tokens.Text;
            Next();
            return name;
        }

        // Every reader below starts on the value's first token: NextProperty and ReadArrayInto put it there.
        private string ReadString(string property) =>
            tokens.Type == JsonTokenType.String ? tokens.Text! : throw Fail($"'{property}' must be a string");

        private int ReadInt32(string property)
        {
            return tokens.Type == JsonTokenType.Number && tokens.Integer is { } n && n is >= int.MinValue and <= int.MaxValue
                ? (int)n
                : throw Fail($"'{property}' must be an integer");
        }

        private long ReadBlock() =>
            tokens.Type == JsonTokenType.Number && tokens.Integer is > 0 and { } n ? n : throw Fail("'block' must be a positive integer (1-based)");

        private bool ReadBool(string property) => tokens.Type switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Fail($"'{property}' must be true or false"),
        };

        private long ReadLine()
        {
            return tokens.Type == JsonTokenType.Number && tokens.Integer is > 0 and { } n
                ? n
                : throw Fail("'line' must be a positive integer (1-based)");
        }

        private DateTimeOffset? ReadTime(string property)
        {
            if (tokens.Type == JsonTokenType.Null)
            {
                return null;
            }

            return tokens.Type == JsonTokenType.String
                && DateTimeOffset.TryParse(tokens.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw Fail($"'{property}' must be an ISO 8601 time or null");
        }

        private void Skip()
        {
            if (tokens.Type is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }

            for (var depth = 1; depth > 0;)
            {
                Next();
                depth += tokens.Type switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
            }
        }

        private void Next()
        {
            if (!tokens.Read())
            {
                throw Fail("the document ends too early");
            }
        }

        private void Expect(JsonTokenType type, string problem)
        {
            if (tokens.Type != type)
            {
                throw Fail(problem);
            }
        }

        private TriageException Fail(string problem, bool withLine = true) =>
            new(withLine
                ? string.Create(CultureInfo.InvariantCulture, $"truth file '{tokens.Name}', line {tokens.Line}: {problem}")
                : $"truth file '{tokens.Name}': {problem}", ExitCodes.Failure);
    }
}
