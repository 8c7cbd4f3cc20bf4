using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Loads the first document of a YAML file into a <see cref="YamlNode"/> tree from YamlDotNet's event
/// stream, without recursion and with a nesting bound, so a hostile file cannot exhaust the stack.
/// Aliases resolve to the anchored node (shared, never copied).
/// </summary>
internal static class YamlTreeLoader
{
    /// <summary>Loads <paramref name="text"/>; null for an empty document.</summary>
    /// <exception cref="InvalidDataException">The text is not valid YAML or nests too deeply.</exception>
    public static YamlNode? Load(TextReader text, int maxDepth)
    {
        var parser = new Parser(text);
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<(YamlNode Node, string? PendingKey)>();
        YamlNode? root = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current;
                YamlNode? completed = null;
                switch (current)
                {
                    case Scalar scalar:
                        completed = Remember(new YamlScalar(scalar.Value) { Line = scalar.Start.Line }, scalar.Anchor, anchors);
                        break;
                    case AnchorAlias alias:
                        completed = anchors.TryGetValue(alias.Value.Value, out var target) ? target : new YamlScalar(string.Empty) { Line = alias.Start.Line };
                        break;
                    case SequenceStart start:
                        Push(stack, Remember(new YamlSequence { Line = start.Start.Line }, start.Anchor, anchors), maxDepth);
                        break;
                    case MappingStart start:
                        Push(stack, Remember(new YamlMapping { Line = start.Start.Line }, start.Anchor, anchors), maxDepth);
                        break;
                    case SequenceEnd or MappingEnd:
                        completed = stack.Pop().Node;
                        break;
                    case DocumentEnd when root is not null || stack.Count == 0:
                        return root;
                }

                if (completed is null)
                {
                    continue;
                }

                if (stack.Count == 0)
                {
                    root ??= completed;
                    continue;
                }

                var (parent, pendingKey) = stack.Pop();
                if (parent is YamlSequence sequence)
                {
                    sequence.Items.Add(completed);
                    stack.Push((parent, null));
                }
                else if (pendingKey is null)
                {
                    // A key; non-scalar keys are kept as an empty key that nothing looks up.
                    stack.Push((parent, (completed as YamlScalar)?.Value ?? string.Empty));
                }
                else
                {
                    var mapping = (YamlMapping)parent;
                    if (mapping[pendingKey] is null)
                    {
                        mapping.Entries.Add(new(pendingKey, completed));
                    }

                    stack.Push((parent, null));
                }
            }
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"line {e.Start.Line}: {e.Message}", e);
        }

        return root;
    }

    private static void Push(Stack<(YamlNode Node, string? PendingKey)> stack, YamlNode node, int maxDepth)
    {
        if (stack.Count >= maxDepth)
        {
            throw new InvalidDataException($"line {node.Line}: YAML nested deeper than {maxDepth} levels");
        }

        stack.Push((node, null));
    }

    private static YamlNode Remember(YamlNode node, AnchorName anchor, Dictionary<string, YamlNode> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }
}
