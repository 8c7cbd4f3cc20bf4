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
/// Immutable and shared per rule set; the per-chunk state lives in <see cref="State"/>.
/// </summary>
internal sealed class LiteralScanner
{
    private const int GroupSize = 16;
    private const int TeddyPrefix = 3;
    private static readonly ConditionalWeakTable<RuleSet, LiteralScanner> Cache = [];
    private readonly SearchValues<string>[] _groups;

    internal LiteralScanner(IEnumerable<string> literals)
    {
        var all = literals
            .Select(l => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(l)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var odd = all.Where(l => !TeddyFriendly(l)).ToArray();
        _groups = all.Where(TeddyFriendly)
            .Chunk(GroupSize)
            .Concat(odd.Length > 0 ? [odd] : [])
            .Select(chunk => SearchValues.Create(chunk, StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>Number of groups searched per chunk.</summary>
    internal int Groups => _groups.Length;

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
        private readonly int[] _next = new int[scanner._groups.Length];

        public void Reset() => Array.Fill(_next, Unknown);

        /// <summary>Index of the first literal occurrence at or after <paramref name="from"/>, or -1.</summary>
        public int Next(ReadOnlySpan<char> chunk, int from)
        {
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
                    var i = chunk[from..].IndexOfAny(scanner._groups[g]);
                    _next[g] = next = i < 0 ? None : from + i;
                    if (i < 0)
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
    }
}
