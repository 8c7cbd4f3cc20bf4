using System.Text;
using Triage.Collectors.Lines;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Metrics rows from a log's training-progress lines (<see cref="IterationLineParser"/>): every other
/// line is skipped after a byte search. The time and rank come from the line's prefixes
/// (<see cref="LineParser"/>); a line without a time inherits the previous iteration line's.
/// DeepSpeed prints one step on two lines (<c>step=N, skipped=...</c> then <c>steps: N loss: ...</c>):
/// consecutive lines of the same step and rank become one row, placed at the later line (the loss's). A log has no rows to get wrong,
/// so nothing is counted as a problem here. Not thread-safe.
/// </summary>
internal sealed class LogLinesMetricsSource(LineSplitter lines, DateTimeOffset referenceTime) : IMetricsRowSource
{
    private readonly LineParser _parser = new(referenceTime);
    private readonly MetricRow _pending = new();
    private readonly MetricRow _next = new();
    private char[] _chars = new char[1024];
    private bool _hasPending;
    private DateTimeOffset? _lastTime;

    public long Consumed => lines.Consumed;

    public bool TryRead(MetricRow row)
    {
        while (ReadLine(_next))
        {
            if (!_hasPending)
            {
                Copy(_next, _pending);
                _hasPending = true;
                continue;
            }

            if (_next.Step == _pending.Step && _next.LogFormat == _pending.LogFormat && (_next.Rank == _pending.Rank || _next.Rank < 0 || _pending.Rank < 0))
            {
                _pending.Values.AddRange(_next.Values);
                _pending.Time ??= _next.Time;
                _pending.Rank = Math.Max(_pending.Rank, _next.Rank);
                (_pending.Line, _pending.Offset) = (_next.Line, _next.Offset); // DeepSpeed's loss is on the second line
                continue;
            }

            Copy(_pending, row);
            Copy(_next, _pending);
            return true;
        }

        if (!_hasPending)
        {
            return false;
        }

        Copy(_pending, row);
        _hasPending = false;
        return true;
    }

    private bool ReadLine(MetricRow into)
    {
        // Only lines passing IterationLineParser.MayBe: the splitter searches for its two strings.
        while (lines.TryNextHolding(IterationLineParser.Iteration, IterationLineParser.Step, out var bytes, out var offset, out _))
        {

            if (_chars.Length < bytes.Length)
            {
                _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
            }

            var n = Encoding.UTF8.GetChars(bytes, _chars);
            var text = _chars.AsSpan(0, n);
            var info = _parser.Parse(text);
            into.Clear();
            into.LogFormat = IterationLineParser.TryParse(text[Math.Clamp(info.ContentStart, 0, n)..], into);
            if (into.LogFormat == IterationLineFormat.None)
            {
                continue;
            }

            _lastTime = info.Timestamp ?? _lastTime;
            into.Time = info.Timestamp ?? _lastTime;
            into.Rank = info.Rank ?? into.Rank;
            into.Line = lines.Line;
            into.Offset = offset;
            return true;
        }

        return false;
    }

    private static void Copy(MetricRow from, MetricRow to)
    {
        to.Clear();
        to.Step = from.Step;
        to.Rank = from.Rank;
        to.Time = from.Time;
        to.Line = from.Line;
        to.Offset = from.Offset;
        to.LogFormat = from.LogFormat;
        to.Values.AddRange(from.Values);
    }
}
