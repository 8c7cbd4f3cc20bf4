using System.Text;

namespace Triage.Rules.Matching;

/// <summary>The values one <see cref="CollectSpec"/> has gathered in one open block. Bounded.</summary>
internal sealed class CollectBuffer
{
    private readonly CollectSpec _spec;
    private readonly string[] _values;
    private int _count;
    private int _next;

    public CollectBuffer(CollectSpec spec)
    {
        _spec = spec;
        _values = new string[spec.Count];
    }

    public CollectSpec Spec => _spec;

    public void Add(string value)
    {
        if (_spec.Keep == CollectKeep.Last)
        {
            // Ring buffer: only the last N survive, whatever the block length.
            _values[_next] = value;
            _next = (_next + 1) % _values.Length;
            _count = Math.Min(_count + 1, _values.Length);
            return;
        }

        if (_count < _values.Length)
        {
            _values[_count++] = value;
        }
    }

    /// <summary>The joined value, or null when nothing was collected.</summary>
    public string? Render()
    {
        if (_count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        if (_spec.Keep == CollectKeep.Last)
        {
            // Newest first: "innermost < caller < caller's caller".
            for (var i = 0; i < _count; i++)
            {
                var index = (_next - 1 - i + _values.Length) % _values.Length;
                AppendJoined(text, _values[index], " < ", i);
            }
        }
        else
        {
            for (var i = 0; i < _count; i++)
            {
                AppendJoined(text, _values[i], " > ", i);
            }
        }

        return TextBounds.Cap(text.ToString(), RuleLimits.MaxAttrValueChars);
    }

    private static void AppendJoined(StringBuilder text, string value, string separator, int index)
    {
        if (index > 0)
        {
            text.Append(separator);
        }

        text.Append(value);
    }
}
