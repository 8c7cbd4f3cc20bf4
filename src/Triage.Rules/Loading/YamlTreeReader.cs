using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Triage.Rules.Loading;

/// <summary>
/// The one bounded YAML reader of Triage (rule files, and the run metadata the collector reads):
/// builds a <see cref="YamlNode"/> tree from YamlDotNet parser events, iteratively, with bounded
/// depth and node count, no aliases (no "billion laughs"), no duplicate keys and one document.
/// Thread-safe (no shared state).
/// </summary>
public static class YamlTreeReader
{
    /// <summary>Reads the single document of <paramref name="text"/>; null when the text is empty.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="maxDepth">Deepest nesting of collections accepted.</param>
    /// <param name="maxNodes">Most nodes (scalars and collections) accepted.</param>
    /// <exception cref="YamlReadException">Malformed YAML or a limit exceeded; names the line and column.</exception>
    public static YamlNode? Read(string text, int maxDepth, int maxNodes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        try
        {
            return Build(parser, maxDepth, maxNodes);
        }
        catch (YamlException ex)
        {
            throw new YamlReadException(
                (int)Math.Min(ex.Start.Line, int.MaxValue), (int)Math.Min(ex.Start.Column, int.MaxValue), "invalid YAML: " + FirstLine(ex.Message), ex);
        }
        catch (Exception ex) when (ex is not YamlReadException)
        {
            // YamlDotNet's scanner throws plain InvalidOperationException (and others) on some
            // malformed input; a bad file must still be a user-facing error, not a crash.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new YamlReadException(
                (int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue), "invalid YAML near here", ex);
        }
    }

    /// <summary>Reads a rule file's document within <see cref="RuleLimits"/>.</summary>
    /// <exception cref="RuleLoadException">Malformed YAML or a limit exceeded.</exception>
    internal static YamlNode? Read(string text, LoadContext context)
    {
        try
        {
            return Read(text, RuleLimits.MaxYamlDepth, RuleLimits.MaxYamlNodes);
        }
        catch (YamlReadException ex)
        {
            throw new RuleLoadException(context.Path, ex.Line, ex.Column, null, ex.Detail, ex.InnerException);
        }
    }

    private static YamlNode? Build(Parser parser, int maxDepth, int maxNodes)
    {
        YamlNode? root = null;
        var stack = new Stack<YamlNode>();
        YamlNode? pendingKey = null;
        var documents = 0;
        var nodes = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        throw At(current, "a file holds exactly one YAML document");
                    }

                    break;
                case AnchorAlias:
                    throw At(current, "YAML aliases are not supported");
                case Scalar scalar:
                    var scalarNode = YamlNode.Scalar(
                        Line(current), Column(current), scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
                    Attach(scalarNode, stack, ref pendingKey, ref root, ++nodes, maxNodes);
                    break;
                case MappingStart or SequenceStart:
                    var kind = current is MappingStart ? YamlNodeKind.Mapping : YamlNodeKind.Sequence;
                    var collection = YamlNode.Collection(kind, Line(current), Column(current));
                    Attach(collection, stack, ref pendingKey, ref root, ++nodes, maxNodes);
                    if (stack.Count >= maxDepth)
                    {
                        throw At(current, $"YAML nested deeper than {maxDepth} levels");
                    }

                    stack.Push(collection);
                    break;
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    break;
                default:
                    break;
            }
        }

        return root;
    }

    private static void Attach(
        YamlNode node, Stack<YamlNode> stack, ref YamlNode? pendingKey, ref YamlNode? root, int nodes, int maxNodes)
    {
        if (nodes > maxNodes)
        {
            throw Error(node, $"more than {maxNodes} YAML nodes");
        }

        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var parent = stack.Peek();
        if (parent.Kind == YamlNodeKind.Sequence)
        {
            parent.Items.Add(node);
            return;
        }

        if (pendingKey is null)
        {
            if (node.Kind != YamlNodeKind.Scalar)
            {
                throw Error(node, "mapping keys must be scalars");
            }

            if (!parent.TryAddKey(node, out var firstLine))
            {
                throw Error(node, $"duplicate key '{node.Value}' (first at line {firstLine})");
            }

            pendingKey = node;
            return;
        }

        parent.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(pendingKey, node));
        pendingKey = null;
    }

    private static YamlReadException At(ParsingEvent current, string detail) => new(Line(current), Column(current), detail);

    private static YamlReadException Error(YamlNode node, string detail) => new(node.Line, node.Column, detail);

    private static int Line(ParsingEvent e) => (int)Math.Min(e.Start.Line, int.MaxValue);

    private static int Column(ParsingEvent e) => (int)Math.Min(e.Start.Column, int.MaxValue);

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
