using System.Text;

namespace Triage.Rules.Matching;

/// <summary>One open block in an extraction session: its lines so far (bounded) and what it captured.</summary>
internal sealed class BlockState<TContext>
{
    private readonly StringBuilder _text = new(256);
    private readonly CollectBuffer[] _collect;

    public BlockState(int ruleIndex, Rule rule, string streamKey, TContext start, long startOffset, long sequence)
    {
        RuleIndex = ruleIndex;
        Rule = rule;
        StreamKey = streamKey;
        Start = start;
        StartOffset = startOffset;
        Sequence = sequence;
        var specs = rule.Block!.Collect;
        _collect = new CollectBuffer[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            _collect[i] = new CollectBuffer(specs[i]);
        }
    }

    public int RuleIndex { get; }

    public Rule Rule { get; }

    public string StreamKey { get; }

    public TContext Start { get; }

    public long StartOffset { get; }

    /// <summary>Opening order within the session.</summary>
    public long Sequence { get; }

    public Dictionary<string, string> Attrs { get; } = new(StringComparer.Ordinal);

    public int LineCount { get; private set; }

    public bool Truncated { get; private set; }

    /// <summary>Adds a line to the message; past <see cref="RuleLimits.MaxMessageChars"/> only the count grows.</summary>
    public void Append(ReadOnlySpan<char> line)
    {
        LineCount++;
        if (Truncated)
        {
            return;
        }

        var room = RuleLimits.MaxMessageChars - _text.Length;
        var needed = line.Length + (LineCount > 1 ? 1 : 0);
        if (needed > room)
        {
            Truncated = true;
        }

        if (LineCount > 1 && room > 0)
        {
            _text.Append('\n');
            room--;
        }

        _text.Append(line[..Math.Min(line.Length, room)]);
    }

    /// <summary>Runs the collectors on a line after the start line.</summary>
    public void Collect(ReadOnlySpan<char> content, ref string? line, ref long timeouts)
    {
        foreach (var buffer in _collect)
        {
            var spec = buffer.Spec;
            if (!spec.Regex.IsMatch(content, ref timeouts))
            {
                continue;
            }

            line ??= content.ToString();
            var match = spec.Regex.Match(line, ref timeouts);
            if (!match.Success)
            {
                continue;
            }

            var value = spec.Value is null ? match.Value : spec.Value.Render(match);
            if (value.Length > 0)
            {
                buffer.Add(TextBounds.Cap(value, RuleLimits.MaxAttrValueChars));
            }
        }
    }

    /// <summary>The message (cut with "…" when truncated) with collected values added to <see cref="Attrs"/>.</summary>
    public string Finish()
    {
        foreach (var buffer in _collect)
        {
            if (buffer.Render() is { } value)
            {
                Attrs[buffer.Spec.Into] = value;
            }
        }

        if (!Truncated)
        {
            return _text.ToString();
        }

        var keep = Math.Min(RuleLimits.MaxMessageChars - 1, _text.Length);
        if (keep > 0 && char.IsHighSurrogate(_text[keep - 1]))
        {
            keep--;
        }

        _text.Length = keep;
        return _text.Append(TextBounds.Ellipsis).ToString();
    }
}
