using System.Text.RegularExpressions;
using Triage.Rules.Matching;

namespace Triage.Rules;

/// <summary>
/// Matches the lines of one source (a file, a stream) against a <see cref="RuleSet"/>, keeping the
/// open multi-line blocks per writer stream. Create one per source with
/// <see cref="RuleSet.CreateSession{TContext}"/>. Not thread-safe; never throws on any line content
/// (a regex timeout is "no match", counted in <see cref="RegexTimeouts"/>).
/// </summary>
/// <remarks>
/// Per line: open blocks of the line's stream go first (a block's own start line closes it and opens
/// a new one, unless its explicit <c>continue</c> claims the line; else <c>end</c>, then
/// <c>continue</c>, decide); then block rules may open blocks; then single-line rules match. Rules
/// whose kind equals that of a block holding the line (including one it opens) are skipped for it.
/// <c>continue</c>/<c>end</c> are tried from the line after the start line; collectors run on those lines.
/// Rules marked <c>fallback</c> (family rules) are tried last, only on a line no other rule matched and
/// no block holds; the first that matches is the line's only fallback symptom. A line nothing understood
/// and no block holds is tried once more without its leading indentation and Markdown quote markers.
/// </remarks>
/// <typeparam name="TContext">Opaque caller data per line (host, rank, time, line number), handed back in matches.</typeparam>
public sealed class ExtractionSession<TContext>
{
    private const int MaxSpareLists = 64;

    private readonly Rule[] _rules;
    private readonly LiteralIndex _index;
    private readonly int[] _candidateStamp;
    private readonly int[] _startStamp;
    private readonly Match?[] _startMatches;
    private readonly Dictionary<string, List<BlockState<TContext>>> _open = new(StringComparer.Ordinal);
    private readonly Stack<List<BlockState<TContext>>> _spareLists = new();
    private readonly List<string> _lineKinds = [];
    private int _generation;
    private int _openCount;
    private long _sequence;
    private long _timeouts;

    internal ExtractionSession(IReadOnlyList<Rule> rules, LiteralIndex index)
    {
        _rules = [.. rules];
        _index = index;
        _candidateStamp = new int[_rules.Length];
        _startStamp = new int[_rules.Length];
        _startMatches = new Match?[_rules.Length];
    }

    /// <summary>True while a block is open: the caller must then feed the lines of its stream, literal or not.</summary>
    public bool HasOpenBlocks => _openCount > 0;

    /// <summary>
    /// True when a block is open on <paramref name="streamKey"/>. Lines of other streams without a
    /// literal cannot change any block, so a caller may skip them.
    /// </summary>
    public bool HasOpenBlock(string streamKey) => _openCount > 0 && _open.ContainsKey(streamKey);

    /// <summary>The smallest start offset of the open blocks (where a resumed read must restart), or null.</summary>
    public long? OldestOpenBlockOffset
    {
        get
        {
            long? oldest = null;
            foreach (var blocks in _open.Values)
            {
                foreach (var block in blocks)
                {
                    if (oldest is null || block.StartOffset < oldest)
                    {
                        oldest = block.StartOffset;
                    }
                }
            }

            return oldest;
        }
    }

    /// <summary>Regex timeouts in this session (each one treated as no match).</summary>
    public long RegexTimeouts => _timeouts;

    /// <summary>
    /// Offers one line. Call it for every line that contains a <see cref="RuleSet.Prefilter"/> literal and,
    /// while <see cref="HasOpenBlocks"/> is true, for every line; feeding other lines too changes nothing.
    /// Completed matches are added to <paramref name="output"/> (zero, one or several per line).
    /// </summary>
    /// <param name="content">The line without transport prefixes and without the newline.</param>
    /// <param name="streamKey">Who wrote the line (e.g. <c>node-017/3</c>); blocks only continue within one stream.</param>
    /// <param name="offset">Byte offset of the line in its source.</param>
    /// <param name="context">Caller data for the line, returned as <see cref="RuleMatch{TContext}.Start"/>.</param>
    /// <param name="output">Receives completed matches.</param>
    /// <exception cref="ArgumentNullException"><paramref name="streamKey"/> or <paramref name="output"/> is null.</exception>
    public void Process(
        ReadOnlySpan<char> content, string streamKey, long offset, TContext context, ICollection<RuleMatch<TContext>> output)
    {
        ArgumentNullException.ThrowIfNull(streamKey);
        ArgumentNullException.ThrowIfNull(output);
        NextGeneration();
        var marker = new CandidateMarker(_candidateStamp, _generation, _index.RulesByLiteral);
        var hasLiteral = _index.FindAll(content, ref marker);
        List<BlockState<TContext>>? blocks = null;
        if (_openCount > 0)
        {
            _open.TryGetValue(streamKey, out blocks);
        }

        if (!hasLiteral && blocks is null)
        {
            return;
        }

        _lineKinds.Clear();
        string? line = null;
        if (blocks is not null)
        {
            AdvanceBlocks(blocks, streamKey, content, ref line, output);
        }

        if (hasLiteral)
        {
            StartBlocks(content, streamKey, offset, context, ref line, output);
            MatchSingleLines(content, offset, context, ref line, output);
        }
    }

    /// <summary>End of input: emits every open block, oldest first.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public void Flush(ICollection<RuleMatch<TContext>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = new List<BlockState<TContext>>(_openCount);
        foreach (var blocks in _open.Values)
        {
            all.AddRange(blocks);
            blocks.Clear();
            Recycle(blocks);
        }

        _open.Clear();
        _openCount = 0;
        all.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (var block in all)
        {
            output.Add(Emit(block));
        }
    }

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_candidateStamp);
            Array.Clear(_startStamp);
            _generation = 1;
        }
    }

    /// <summary>Marks the rules of each literal found in a line as candidates for it.</summary>
    private readonly struct CandidateMarker(int[] stamp, int generation, int[][] rulesByLiteral) : ILiteralSink
    {
        public void Found(int literal)
        {
            foreach (var rule in rulesByLiteral[literal])
            {
                stamp[rule] = generation;
            }
        }
    }

    private bool IsCandidate(int rule) => _candidateStamp[rule] == _generation;

    /// <summary>The start regex match of a candidate rule on this line, computed at most once per line.</summary>
    private Match StartMatch(int rule, ReadOnlySpan<char> content, ref string? line)
    {
        if (_startStamp[rule] != _generation)
        {
            line ??= content.ToString();
            _startMatches[rule] = _rules[rule].MatchStart(line, ref _timeouts);
            _startStamp[rule] = _generation;
        }

        return _startMatches[rule]!;
    }

    private bool IsSuppressed(string kind)
    {
        foreach (var open in _lineKinds)
        {
            if (ReferenceEquals(open, kind) || string.Equals(open, kind, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AdvanceBlocks(
        List<BlockState<TContext>> blocks, string streamKey, ReadOnlySpan<char> content, ref string? line,
        ICollection<RuleMatch<TContext>> output)
    {
        var kept = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (Step(block, content, ref line))
            {
                blocks[kept++] = block;
            }
            else
            {
                _openCount--;
                output.Add(Emit(block));
            }
        }

        blocks.RemoveRange(kept, blocks.Count - kept);
        if (blocks.Count == 0)
        {
            _open.Remove(streamKey);
            Recycle(blocks);
        }
    }

    /// <summary>Feeds a line to an open block; false when the block is complete (with or without the line).</summary>
    private bool Step(BlockState<TContext> block, ReadOnlySpan<char> content, ref string? line)
    {
        var spec = block.Rule.Block!;

        // The same rule starting again closes the old block first (the line belongs to the new one),
        // unless the block's explicit 'continue' claims the line: then consecutive start lines (one
        // assertion line per failing GPU thread) are one block, and the same-kind suppression stops
        // the line from opening another.
        if (IsCandidate(block.RuleIndex)
            && StartMatch(block.RuleIndex, content, ref line).Success
            && (spec.Continue is null || !spec.Continue.IsMatch(content, ref _timeouts)))
        {
            return false;
        }

        bool ends;
        if (!spec.EndIsContinuation)
        {
            ends = spec.End is not null && spec.End.IsMatch(content, ref _timeouts);
            if (!ends && spec.Continue is not null && !spec.Continue.IsMatch(content, ref _timeouts))
            {
                return false;
            }
        }
        else if (spec.Continue!.IsMatch(content, ref _timeouts))
        {
            ends = false;
        }
        else if (spec.End!.IsMatch(content, ref _timeouts))
        {
            ends = true;
        }
        else
        {
            return false;
        }

        block.Append(content);
        block.Collect(content, ref line, ref _timeouts);
        _lineKinds.Add(block.Rule.Kind);
        if (ends)
        {
            if (spec.End!.GroupNames.Count > 0)
            {
                line ??= content.ToString();
                MatchFactory.AddGroups(block.Attrs, spec.End.Match(line, ref _timeouts), spec.End.GroupNames);
            }

            return false;
        }

        return block.LineCount < spec.MaxLines;
    }

    private void StartBlocks(
        ReadOnlySpan<char> content, string streamKey, long offset, TContext context, ref string? line,
        ICollection<RuleMatch<TContext>> output)
    {
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (!rule.IsBlock || !IsCandidate(r) || IsSuppressed(rule.Kind))
            {
                continue;
            }

            var match = StartMatch(r, content, ref line);
            if (!match.Success)
            {
                continue;
            }

            var block = new BlockState<TContext>(r, rule, streamKey, context, offset, _sequence++);
            MatchFactory.AddGroups(block.Attrs, match, rule.Regex.GroupNames);
            block.Append(content);
            _lineKinds.Add(rule.Kind);
            if (rule.Block!.MaxLines <= 1)
            {
                output.Add(Emit(block));
                continue;
            }

            if (_openCount >= RuleLimits.MaxOpenBlocks)
            {
                EmitOldest(output);
            }

            if (!_open.TryGetValue(streamKey, out var blocks))
            {
                blocks = _spareLists.Count > 0 ? _spareLists.Pop() : [];
                _open.Add(streamKey, blocks);
            }

            blocks.Add(block);
            _openCount++;
        }
    }

    private void MatchSingleLines(
        ReadOnlySpan<char> content, long offset, TContext context, ref string? line, ICollection<RuleMatch<TContext>> output)
    {
        if (MatchSingleLinesOnce(content, offset, context, ref line, output) || _lineKinds.Count > 0)
        {
            return;
        }

        // A line nothing understood and no block holds, indented or quoted as it was pasted (a code
        // block's indentation, a Markdown "> " quote): its message is read once more without that
        // layout, so a rule anchored at the message's start still knows it.
        var start = LayoutEnd(content);
        if (start > 0 && start < content.Length)
        {
            string? bare = null;
            MatchSingleLinesOnce(content[start..], offset, context, ref bare, output);
        }
    }

    /// <summary>Specific single-line rules, then (when none matched) the first matching fallback.</summary>
    private bool MatchSingleLinesOnce(
        ReadOnlySpan<char> content, long offset, TContext context, ref string? line, ICollection<RuleMatch<TContext>> output)
    {
        var matched = false;
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (rule.IsBlock || rule.Fallback || !IsCandidate(r) || IsSuppressed(rule.Kind))
            {
                continue;
            }

            matched |= TryMatchLine(r, content, offset, context, ref line, output);
        }

        // Family fallbacks speak only for a line nothing else understood: no specific rule matched it
        // and no block holds it (one that continues or one that opened on it). The first in rule
        // order that matches wins, the "last" ones (a carrier such as a Python exception line) after
        // all others, so one line gives at most one fallback symptom.
        if (matched || _lineKinds.Count > 0)
        {
            return matched;
        }

        return MatchFallback(last: false, content, offset, context, ref line, output)
            || MatchFallback(last: true, content, offset, context, ref line, output);
    }

    private bool MatchFallback(
        bool last, ReadOnlySpan<char> content, long offset, TContext context, ref string? line, ICollection<RuleMatch<TContext>> output)
    {
        for (var r = 0; r < _rules.Length; r++)
        {
            if (_rules[r].Fallback && _rules[r].FallbackLast == last && IsCandidate(r) && TryMatchLine(r, content, offset, context, ref line, output))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the message starts after leading indentation and Markdown quote markers ("> ", ">> ").</summary>
    private static int LayoutEnd(ReadOnlySpan<char> content)
    {
        var p = 0;
        while (p < content.Length && (content[p] is ' ' or '\t' || (content[p] == '>' && (p + 1 == content.Length || content[p + 1] is ' ' or '>'))))
        {
            p++;
        }

        return p;
    }

    private bool TryMatchLine(
        int r, ReadOnlySpan<char> content, long offset, TContext context, ref string? line, ICollection<RuleMatch<TContext>> output)
    {
        var rule = _rules[r];
        line ??= content.ToString();
        var match = rule.MatchStart(line, ref _timeouts);
        if (!match.Success)
        {
            return false;
        }

        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        MatchFactory.AddGroups(attrs, match, rule.Regex.GroupNames);
        var message = MatchFactory.LineMessage(line, out var truncated);
        output.Add(MatchFactory.Complete(rule, context, offset, message, 1, attrs, truncated));
        return true;
    }

    private void EmitOldest(ICollection<RuleMatch<TContext>> output)
    {
        BlockState<TContext>? oldest = null;
        foreach (var blocks in _open.Values)
        {
            foreach (var block in blocks)
            {
                if (oldest is null || block.Sequence < oldest.Sequence)
                {
                    oldest = block;
                }
            }
        }

        var list = _open[oldest!.StreamKey];
        list.Remove(oldest);
        if (list.Count == 0)
        {
            _open.Remove(oldest.StreamKey);
            Recycle(list);
        }

        _openCount--;
        output.Add(Emit(oldest));
    }

    private void Recycle(List<BlockState<TContext>> list)
    {
        if (_spareLists.Count < MaxSpareLists)
        {
            _spareLists.Push(list);
        }
    }

    private static RuleMatch<TContext> Emit(BlockState<TContext> block)
    {
        var message = block.Finish();
        return MatchFactory.Complete(
            block.Rule, block.Start, block.StartOffset, message, block.LineCount, block.Attrs, block.Truncated);
    }
}
