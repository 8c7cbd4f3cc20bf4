using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Triage.Rules;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Finds the next occurrence of any rule literal in a Latin-1-widened chunk (a char index is a byte
/// offset; each literal is searched as its UTF-8 bytes widened the same way, so non-ASCII literals
/// work). .NET's vectorised multi-string search (Teddy) stays fast only for a couple of dozen
/// literals — measured on 81 literals: 180 MB/s in one set, 1.1 GB/s in groups of 24 — so the
/// literals are split into groups, each group's next hit is cached, and the earliest one wins.
/// Teddy keys on a literal's first three chars and needs them ASCII: one literal shorter than that
/// (the miner's <c>[W</c>) or with a non-ASCII start puts its whole group on the two-char variant or
/// on Aho–Corasick, so such literals get a group of their own (measured 2026-12-07 over 64 MB of
/// the bench log, CPU time: 12 mixed groups of 24 ~400 MB/s; the same literals with <c>[W</c> apart,
/// in groups of 16, 460–540 MB/s; groups of 40 or more were slower, more false candidates per bucket).
/// What Teddy tells apart is the first three chars, so a group holds 16 distinct three-char starts
/// with every literal that begins with one of them: the 27 <c>nan iterations: N</c> literals are one
/// start, not two groups (219 searched literals have 127 starts: 9 groups instead of 14; the scan's
/// CPU samples over three passes of the 0.2 % bench log went from 1,504 / 1,224 to 745 / 643).
/// A literal that holds another one (<c>ECC error</c> holds the miner's <c>rror</c>) is not searched
/// for: a line with it has the other one too, on the same line and at most <see cref="Longest"/>
/// chars later, so the lines found are the same; 316 literals of the built-in rules, miner and
/// launcher facts are 219 searched (the scan is a pass per group over every byte).
/// Where the exact position matters (a line cut at the length limit) <see cref="Earliest"/> gives it.
/// With AVX-512 VBMI the searched literals of 4 bytes or more are found in one pass over the raw
/// bytes instead (<see cref="ByteTeddy"/>), the shorter ones by a vectorised <c>IndexOf</c> each, and
/// nothing is widened; both ways return the same position (the first start of a searched literal).
/// Immutable and shared per rule set; the per-chunk state lives in <see cref="State"/>.
/// </summary>
internal sealed class LiteralScanner
{
    private const int GroupSize = 16; // distinct three-char starts per group
    private const int TeddyPrefix = 3;
    private static readonly ConditionalWeakTable<RuleSet, LiteralScanner> Cache = [];
    private readonly SearchValues<string>[] _groups;
    private readonly Lazy<SearchValues<string>> _all;
    private readonly ByteTeddy? _teddy;
    private readonly byte[][] _short = [];

    internal LiteralScanner(IEnumerable<string> literals, bool bytes = true)
    {
        var all = literals
            .Select(l => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(l)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Longest = all.Count > 0 ? all.Max(l => l.Length) : 0;
        _all = new(() => SearchValues.Create(all.ToArray(), StringComparison.Ordinal));

        // A literal holding another one (both without a line end) finds no line the other one misses.
        var searched = all
            .Where(l => l.Contains('\n', StringComparison.Ordinal) || !all.Exists(o => o.Length < l.Length && l.Contains(o, StringComparison.Ordinal)))
            .ToList();
        Searched = searched.Count;
        var odd = searched.Where(l => !TeddyFriendly(l)).ToArray();
        _groups = searched.Where(TeddyFriendly)
            .GroupBy(l => l[..TeddyPrefix], StringComparer.Ordinal)
            .Chunk(GroupSize)
            .Select(prefixes => prefixes.SelectMany(p => p).ToArray())
            .Concat(odd.Length > 0 ? [odd] : [])
            .Select(chunk => SearchValues.Create(chunk, StringComparison.Ordinal))
            .ToArray();
        if (bytes && ByteTeddy.IsSupported)
        {
            var raw = searched.Select(Encoding.Latin1.GetBytes).ToList();
            _teddy = new ByteTeddy([.. raw.Where(l => l.Length >= ByteTeddy.Window)]);
            _short = [.. raw.Where(l => l.Length < ByteTeddy.Window)];
        }
    }

    /// <summary>Whether the literals are searched over the raw bytes (<see cref="ByteTeddy"/>).</summary>
    internal bool OverBytes => _teddy is not null;

    /// <summary>Number of groups searched per chunk when the chunk is widened.</summary>
    internal int Groups => _groups.Length;

    /// <summary>Number of literals searched (the others hold one of these).</summary>
    internal int Searched { get; }

    /// <summary>Length of the longest literal.</summary>
    public int Longest { get; }

    /// <summary>
    /// The exact start of the first literal (searched or not) at or after <paramref name="from"/>,
    /// given <paramref name="hit"/> = <see cref="State.Next"/>(<paramref name="chunk"/>, <paramref name="from"/>) &gt;= 0.
    /// </summary>
    public int Earliest(ReadOnlySpan<byte> chunk, int from, int hit)
    {
        var end = (int)Math.Min((long)hit + Longest, chunk.Length);
        var window = chunk[from..end];
        var wide = window.Length <= 1024 ? stackalloc char[window.Length] : new char[window.Length];
        Encoding.Latin1.GetChars(window, wide);
        return from + wide.IndexOfAny(_all.Value);
    }

    private static bool TeddyFriendly(string literal) =>
        literal.Length >= TeddyPrefix && literal.AsSpan(0, TeddyPrefix) is var start && Ascii.IsValid(start) && !start.Contains('\0');

    /// <summary>
    /// The scanner for <paramref name="rules"/>' literals plus the words that make a line a candidate for the
    /// template miner and the launcher statements <see cref="LaunchFacts"/> reads.
    /// </summary>
    public static LiteralScanner For(RuleSet rules) =>
        Cache.GetValue(rules, static r => new LiteralScanner(r.Literals.Concat(Mining.UnknownLines.Literals).Concat(LaunchFacts.Literals)));

    public State NewState() => new(this);

    /// <summary>Next-hit cache for one chunk; call <see cref="Reset"/> for each new chunk.</summary>
    internal sealed class State(LiteralScanner scanner)
    {
        private const int Unknown = -2;
        private const int None = -1;
        private readonly int[] _next = new int[scanner._teddy is null ? scanner._groups.Length : 1 + scanner._short.Length];
        private char[] _wide = [];
        private bool _widened;

        public void Reset()
        {
            Array.Fill(_next, Unknown);
            _widened = false;
        }

        /// <summary>
        /// Index of the first occurrence of a searched literal at or after <paramref name="from"/>, or -1:
        /// on the line of the first occurrence of any literal, at most <see cref="Longest"/> bytes after it.
        /// The same chunk must be passed until the next <see cref="Reset"/>.
        /// </summary>
        public int Next(ReadOnlySpan<byte> chunk, int from)
        {
            if (scanner._teddy is null && !_widened)
            {
                // Latin-1 maps each byte to one char, so a char index is a byte offset.
                if (_wide.Length < chunk.Length)
                {
                    _wide = new char[chunk.Length];
                }

                Encoding.Latin1.GetChars(chunk, _wide);
                _widened = true;
            }

            var best = None;
            for (var g = 0; g < _next.Length; g++)
            {
                var next = _next[g];
                if (next == None)
                {
                    continue;
                }

                if (next < from)
                {
                    _next[g] = next = Search(chunk, g, from);
                    if (next < 0)
                    {
                        continue;
                    }
                }

                if (best < 0 || next < best)
                {
                    best = next;
                }
            }

            return best;
        }

        /// <summary>The first hit of group <paramref name="g"/> at or after <paramref name="from"/>, or <see cref="None"/>.</summary>
        private int Search(ReadOnlySpan<byte> chunk, int g, int from)
        {
            var i = scanner._teddy is null ? _wide.AsSpan(from, chunk.Length - from).IndexOfAny(scanner._groups[g])
                : g == 0 ? scanner._teddy.Next(chunk, from) - from
                : chunk[from..].IndexOf(scanner._short[g - 1]);
            return i < 0 ? None : from + i;
        }
    }
}
