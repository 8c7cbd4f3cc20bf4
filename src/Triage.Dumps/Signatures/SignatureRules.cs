using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Triage.Dumps.Signatures;

/// <summary>
/// The skip list that turns a stack into a crash signature (Socorro-style), loaded from
/// <c>rules/dumps/signatures.yaml</c>. Immutable and thread-safe.
/// </summary>
public sealed class SignatureRules
{
    private readonly Regex[] _irrelevant;
    private readonly Regex[] _prefix;

    private SignatureRules(Regex[] irrelevant, Regex[] prefix, int maxFrames)
    {
        _irrelevant = irrelevant;
        _prefix = prefix;
        MaxFrames = maxFrames;
    }

    /// <summary>A minimal built-in list (signal trampolines, raise/abort, libc), used when no file is given.</summary>
    public static SignatureRules BuiltIn { get; } = new(
        [Compile(@"^__restore_rt$"), Compile(@"^(__GI_)?(raise|abort)$"), Compile(@"^__pthread_kill"), Compile(@"^pthread_kill$"), Compile(@"^libc\.so\.6!"), Compile(@"^ld-linux-[^!]*!")],
        [],
        2);

    /// <summary>Frames in a signature, not counting prefix frames (default 2).</summary>
    public int MaxFrames { get; }

    /// <summary>Loads a signature file.</summary>
    /// <exception cref="TriageException">The file is missing, not YAML, or has a wrong schemaVersion or a bad pattern (exit code 3).</exception>
    public static SignatureRules Load(string path)
    {
        try
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(path))
            {
                yaml.Load(reader);
            }

            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new TriageException($"{path}: not a mapping", ExitCodes.RuleError);
            }

            if (Scalar(root, "schemaVersion") != "1")
            {
                throw new TriageException($"{path}: schemaVersion must be 1", ExitCodes.RuleError);
            }

            var max = int.TryParse(Scalar(root, "maxFrames"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m is > 0 and <= 16 ? m : 2;
            return new SignatureRules([.. Patterns(root, "irrelevant", path)], [.. Patterns(root, "prefix", path)], max);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new TriageException($"{path}: {ex.Message}", ExitCodes.RuleError, ex);
        }
    }

    /// <summary>The signature of <paramref name="stack"/> and its first frame that is not a prefix frame (else its first frame; null when every frame was skipped).</summary>
    public (string Signature, DumpFrame? First) Compute(IReadOnlyList<DumpFrame> stack)
    {
        var parts = new List<string>();
        var counted = 0;
        DumpFrame? first = null;
        foreach (var frame in stack)
        {
            var name = frame.Function ?? $"{frame.Module ?? "?"}+0x{frame.Offset:x}";
            var qualified = $"{frame.Module ?? "?"}!{name}";
            if (Matches(_irrelevant, name) || Matches(_irrelevant, qualified))
            {
                continue;
            }

            first ??= frame;
            parts.Add(name);
            if (!(Matches(_prefix, name) || Matches(_prefix, qualified)))
            {
                counted++;
                if (counted == 1)
                {
                    first = frame; // the frame that names the bug: past prefix frames such as torchCheckFail
                }

                if (counted >= MaxFrames)
                {
                    break;
                }
            }

            if (parts.Count >= MaxFrames * 4)
            {
                break;
            }
        }

        return (string.Join(" | ", parts), first);
    }

    private static bool Matches(Regex[] patterns, string text) => patterns.Any(p => p.IsMatch(text));

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static IEnumerable<Regex> Patterns(YamlMappingNode root, string key, string path)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            yield break;
        }

        if (node is not YamlSequenceNode list)
        {
            throw new TriageException($"{path}:{node.Start.Line}:{node.Start.Column}: '{key}' must be a list of patterns", ExitCodes.RuleError);
        }

        foreach (var item in list)
        {
            Regex regex;
            try
            {
                regex = Compile(item is YamlScalarNode s ? s.Value ?? string.Empty : throw new ArgumentException("not a string"));
            }
            catch (ArgumentException ex)
            {
                throw new TriageException($"{path}:{item.Start.Line}:{item.Start.Column}: bad pattern: {ex.Message}", ExitCodes.RuleError, ex);
            }

            yield return regex;
        }
    }

    // The non-backtracking engine is linear in the input, so no timeout: a wall-clock timeout only
    // fired on a starved machine and escaped as an internal error of the whole collection.
    private static Regex Compile(string pattern) => new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>Every compiled pattern (for tests).</summary>
    internal IEnumerable<Regex> Patterns() => _irrelevant.Concat(_prefix);
}
