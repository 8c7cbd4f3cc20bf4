using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Triage.Rules.Loading;

/// <summary>
/// Builds a <see cref="YamlNode"/> tree from YamlDotNet parser events, iteratively, with bounded
/// depth and node count, no aliases (no "billion laughs"), no duplicate keys and one document.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Reads the single document of <paramref name="text"/>; null when the file is empty.</summary>
    /// <exception cref="RuleLoadException">Malformed YAML or a limit exceeded.</exception>
    public static YamlNode? Read(string text, LoadContext context)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Build(parser, context);
        }
        catch (YamlException ex)
        {
            throw new RuleLoadException(
                context.Path, (int)Math.Min(ex.Start.Line, int.MaxValue), (int)Math.Min(ex.Start.Column, int.MaxValue),
                null, "invalid YAML: " + FirstLine(ex.Message), ex);
        }
        catch (Exception ex) when (ex is not RuleLoadException)
        {
            // YamlDotNet's scanner throws plain InvalidOperationException (and others) on some
            // malformed input; a bad rule file must still be a user-facing error, not a crash.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new RuleLoadException(
                context.Path, (int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue),
                null, "invalid YAML near here", ex);
        }
    }

    private static YamlNode? Build(Parser parser, LoadContext context)
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
                        throw At(context, current, "a rule file holds exactly one YAML document");
                    }

                    break;
                case AnchorAlias:
                    throw At(context, current, "YAML aliases are not supported in rule files");
                case Scalar scalar:
                    var scalarNode = YamlNode.Scalar(
                        Line(current), Column(current), scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
                    Attach(scalarNode, stack, ref pendingKey, ref root, context, ++nodes);
                    break;
                case MappingStart or SequenceStart:
                    var kind = current is MappingStart ? YamlNodeKind.Mapping : YamlNodeKind.Sequence;
                    var collection = YamlNode.Collection(kind, Line(current), Column(current));
                    Attach(collection, stack, ref pendingKey, ref root, context, ++nodes);
                    if (stack.Count >= RuleLimits.MaxYamlDepth)
                    {
                        throw At(context, current, $"YAML nested deeper than {RuleLimits.MaxYamlDepth} levels");
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
        YamlNode node, Stack<YamlNode> stack, ref YamlNode? pendingKey, ref YamlNode? root, LoadContext context, int nodes)
    {
        if (nodes > RuleLimits.MaxYamlNodes)
        {
            throw context.Error(node, $"more than {RuleLimits.MaxYamlNodes} YAML nodes");
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
                throw context.Error(node, "mapping keys must be scalars");
            }

            if (!parent.TryAddKey(node, out var firstLine))
            {
                throw context.Error(node, $"duplicate key '{node.Value}' (first at line {firstLine})");
            }

            pendingKey = node;
            return;
        }

        parent.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(pendingKey, node));
        pendingKey = null;
    }

    private static RuleLoadException At(LoadContext context, ParsingEvent current, string detail) =>
        context.Error(Line(current), Column(current), detail);

    private static int Line(ParsingEvent e) => (int)Math.Min(e.Start.Line, int.MaxValue);

    private static int Column(ParsingEvent e) => (int)Math.Min(e.Start.Column, int.MaxValue);

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
