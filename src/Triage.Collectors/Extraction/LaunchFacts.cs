using System.Buffers;
using System.Globalization;
using Triage.Collectors.Lines;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// What the launchers and libraries of one log file state about the run, read from their own lines (no
/// rule file: these are facts, not failures, and the extractor needs some of them while it reads):
/// <list type="bullet">
/// <item>torchelastic's rendezvous result (<c>restart_count=1</c>, <c>group_rank=1</c>,
/// <c>local_ranks=[0, 1]</c>, <c>global_ranks=[2, 3]</c>; torchelastic 0.2 wrote <c>assigned
/// global_ranks=[1]</c>; meta-pytorch/torchx#492, microsoft/frameworkcontroller's PyTorch elastic example):
/// which global rank each local rank of that node is, and the restart attempt.</item>
/// <item>The DeepSpeed launcher's <c>global_rank_mapping=defaultdict(&lt;class 'list'&gt;, {'worker-0': [0],
/// 'worker-1': [1]})</c> (stas00/ml-engineering): the global ranks of each host, by local rank.</item>
/// <item>Versions: <c>NCCL INFO NCCL version 2.18.3+cuda12.2</c>, nvidia-smi's <c>Driver Version: 535.104.05</c>,
/// the kernel's <c>NVRM: loading NVIDIA UNIX x86_64 Kernel Module  340.65  Tue Dec  2 09:50:34 PST 2014</c>
/// (Bumblebee-Project/Bumblebee#645; the open module: <c>NVRM: loading NVIDIA UNIX Open Kernel Module for
/// x86_64  525.60.11  Release Build ...</c>, NVIDIA/open-gpu-kernel-modules#421), collect_env's
/// <c>PyTorch version: 2.1.0+cu121</c> and ds_report's <c>torch version .... 1.12.1+cu116</c>.</item>
/// </list>
/// Versions and restarts become <c>meta.version</c> / <c>meta.attempt</c> facts (one per value and writer
/// scope per file); the rank tables stay here and give <see cref="GlobalRank"/>. A scope is the node a
/// line came from: its launcher task label, else its pdsh host, else the whole file.
/// Not thread-safe: one per file; bounded (at most <see cref="MaxRanks"/> ranks and <see cref="MaxScopes"/> scopes).
/// </summary>
internal sealed class LaunchFacts
{
    /// <summary>Most ranks kept from one table, and in all.</summary>
    public const int MaxRanks = 1 << 17;

    /// <summary>Most node scopes kept per file.</summary>
    public const int MaxScopes = 4096;

    /// <summary>Rule id of the facts made here (<c>meta.version</c>, <c>meta.attempt</c>).</summary>
    public const string RulePrefix = "launch.";

    /// <summary>Literals that make the extractor feed a line here (added to the literal scanner).</summary>
    public static IReadOnlyList<string> Literals { get; } =
    [
        "restart_count=", "global_ranks=", "local_ranks=", "group_rank=", "global_rank_mapping=",
        "INFO NCCL version ", "Driver Version: ", "NVRM: loading NVIDIA", "NVRM version: NVIDIA", "PyTorch version: ", "torch version ",
    ];

    private static readonly SearchValues<string> Search = SearchValues.Create([.. Literals], StringComparison.Ordinal);

    private readonly Dictionary<string, Scope> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _ranksOfHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
    private int _ranksKept;

    /// <summary>True once the file shows a per-node launcher (torchelastic's or DeepSpeed's rank table).</summary>
    public bool SawNodeLauncher { get; private set; }

    /// <summary>Whether <paramref name="content"/> holds one of <see cref="Literals"/> (cheap; one vectorised search).</summary>
    public static bool Mentions(ReadOnlySpan<char> content) => content.IndexOfAny(Search) >= 0;

    /// <summary>Reads one line's message; facts that are new go to <paramref name="into"/>.</summary>
    public void Observe(ReadOnlySpan<char> content, LineContext line, SymptomFactory factory, List<Symptom> into)
    {
        if (Value(content, "restart_count=") is { } restart && int.TryParse(restart, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            // A new rendezvous: the rank table that follows replaces the last one.
            var scope = ScopeOf(line.Info, create: true);
            if (scope is not null)
            {
                scope.Restart = count;
                scope.LocalRanks = null;
                scope.GlobalRanks = null;
                scope.GroupRank = null;
            }

            Emit(factory, line, into, "meta.attempt", "restart", ScopeKey(line.Info) + "/" + restart, ("attempt", restart), ("source", "torchelastic restart_count"));
            return;
        }

        if (Value(content, "group_rank=") is { } group && int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var groupRank)
            && ScopeOf(line.Info, create: true) is { } groupScope)
        {
            groupScope.GroupRank = groupRank;
            SawNodeLauncher = true;
            return;
        }

        var global = content.IndexOf("global_ranks=", StringComparison.Ordinal);
        var local = content.IndexOf("local_ranks=", StringComparison.Ordinal);
        if ((global >= 0 || local >= 0) && content.IndexOf("global_rank_mapping=", StringComparison.Ordinal) < 0)
        {
            var list = ReadList(content[((global >= 0 ? global + 13 : local + 12))..]);
            if (list is not null && ScopeOf(line.Info, create: true) is { } rankScope)
            {
                if (global >= 0)
                {
                    rankScope.GlobalRanks = list;
                }
                else if (local >= 0)
                {
                    rankScope.LocalRanks = list;
                }

                SawNodeLauncher = true;
            }

            return;
        }

        if (content.IndexOf("global_rank_mapping=", StringComparison.Ordinal) is var mapping and >= 0)
        {
            ReadHostTable(content[(mapping + 20)..]);
            SawNodeLauncher = true;
            return;
        }

        if (Version(content, "INFO NCCL version ") is { } nccl)
        {
            Emit(factory, line, into, "meta.version", "nccl_version", "nccl/" + nccl, ("component", "nccl"), ("version", nccl));
        }
        else if (Version(content, "Driver Version: ") is { } driver)
        {
            Emit(factory, line, into, "meta.version", "driver_version", "driver/" + driver, ("component", "driver"), ("version", driver));
        }
        else if (NvrmAt(content) is var nvrm and >= 0 && FirstVersionToken(content[nvrm..]) is { } module)
        {
            Emit(factory, line, into, "meta.version", "driver_version", "driver/" + module, ("component", "driver"), ("version", module));
        }
        else if ((Version(content, "PyTorch version: ") ?? DottedVersion(content, "torch version ")) is { } torch)
        {
            Emit(factory, line, into, "meta.version", "torch_version", "torch/" + torch, ("component", "torch"), ("version", torch));
        }
    }

    /// <summary>
    /// The global rank of a line from what this file's launcher stated: the rank table of the line's node
    /// scope (torchelastic: local rank → global rank; a node with one worker needs no local rank), else
    /// DeepSpeed's table for the line's host. Null when nothing stated it.
    /// </summary>
    public int? GlobalRank(LineInfo info, int? localRank, string? host)
    {
        if (_scopes.Count > 0 && ScopeOf(info, create: false) is { } scope)
        {
            if (scope.GlobalRanks is { } globals)
            {
                var locals = scope.LocalRanks;
                if (localRank is { } l)
                {
                    var index = locals is null ? l : Array.IndexOf(locals, l);
                    if (index >= 0 && index < globals.Length && (locals is null || locals.Length == globals.Length))
                    {
                        return globals[index];
                    }
                }
                else if (globals.Length == 1)
                {
                    return globals[0];
                }
            }
            else if (scope.GroupRank is { } groupRank && scope.LocalRanks is { Length: > 0 } locals && localRank is { } l && Array.IndexOf(locals, l) >= 0)
            {
                // No global_ranks line: group_rank * local_world_size + local_rank, both stated.
                return (groupRank * locals.Length) + l;
            }
        }

        if (host is not null && _ranksOfHost.TryGetValue(host, out var ranks))
        {
            if (localRank is { } l)
            {
                return l >= 0 && l < ranks.Length ? ranks[l] : null;
            }

            return ranks.Length == 1 ? ranks[0] : null;
        }

        return null;
    }

    private void Emit(SymptomFactory factory, LineContext line, List<Symptom> into, string kind, string rule, string key, params (string Key, string Value)[] attrs)
    {
        if (_emitted.Count < MaxScopes * 4 && _emitted.Add(kind + "/" + key))
        {
            into.Add(factory.CreateFact(line, kind, RulePrefix + rule, attrs));
        }
    }

    private static string ScopeKey(LineInfo info) =>
        info.TaskLabel is { } label ? "t" + label.ToString(CultureInfo.InvariantCulture) : info.Host ?? string.Empty;

    private Scope? ScopeOf(LineInfo info, bool create)
    {
        var key = ScopeKey(info);
        if (_scopes.TryGetValue(key, out var scope))
        {
            return scope;
        }

        if (!create && info.TaskLabel is null && _scopes.Count == 1)
        {
            // A per-node file: the agent's lines carry no host, its workers' NCCL lines do.
            return _scopes.Values.First();
        }

        if (!create || _scopes.Count >= MaxScopes)
        {
            return null;
        }

        scope = new Scope();
        _scopes[key] = scope;
        return scope;
    }

    /// <summary>Where the kernel module's banner continues: <c>NVRM: loading NVIDIA UNIX x86_64 Kernel Module  340.65 ...</c> or <c>/proc/driver/nvidia/version</c>'s <c>NVRM version: NVIDIA UNIX ...</c>.</summary>
    private static int NvrmAt(ReadOnlySpan<char> content)
    {
        var at = content.IndexOf("NVRM: loading NVIDIA", StringComparison.Ordinal);
        at = at >= 0 ? at : content.IndexOf("NVRM version: NVIDIA", StringComparison.Ordinal);
        return at < 0 ? -1 : at + 20;
    }

    /// <summary>The token after <paramref name="key"/> (up to a space, ',' or the end).</summary>
    private static string? Value(ReadOnlySpan<char> content, string key)
    {
        var at = content.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = content[(at + key.Length)..];
        var end = rest.IndexOfAny(' ', ',', '\t');
        var value = end < 0 ? rest : rest[..end];
        return value.Length is > 0 and <= 16 ? value.ToString() : null;
    }

    /// <summary>A version right after <paramref name="key"/>: starts with a digit, holds a '.'.</summary>
    private static string? Version(ReadOnlySpan<char> content, string key)
    {
        var at = content.IndexOf(key, StringComparison.Ordinal);
        return at < 0 ? null : VersionToken(content[(at + key.Length)..]);
    }

    /// <summary>ds_report's <c>torch version .................... 1.12.1+cu116</c>.</summary>
    private static string? DottedVersion(ReadOnlySpan<char> content, string key)
    {
        var at = content.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = content[(at + key.Length)..];
        var start = rest.IndexOfAnyExcept(". ");
        return start < 0 ? null : VersionToken(rest[start..]);
    }

    private static string? FirstVersionToken(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsAsciiDigit(text[i]) && (i == 0 || text[i - 1] == ' ') && VersionToken(text[i..]) is { } version)
            {
                return version;
            }
        }

        return null;
    }

    private static string? VersionToken(ReadOnlySpan<char> text)
    {
        var end = text.IndexOfAny(" \t|,");
        var token = (end < 0 ? text : text[..end]).TrimEnd(".)");
        return token.Length is >= 3 and <= 40 && char.IsAsciiDigit(token[0]) && token.Contains('.')
            && token.IndexOfAnyExcept("0123456789.+-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") < 0
            ? token.ToString()
            : null;
    }

    /// <summary><c>[0, 1, 2]</c> → the numbers; null when it is not such a list or is too long.</summary>
    private int[]? ReadList(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] != '[')
        {
            return null;
        }

        var close = text.IndexOf(']');
        if (close < 0)
        {
            return null;
        }

        var values = new List<int>();
        var inner = text[1..close];
        var p = 0;
        while (p < inner.Length)
        {
            p = Chars.SkipSpaces(inner, p, inner.Length);
            var digits = Chars.ReadNumber(inner, p, 9, out var value);
            if (digits == 0)
            {
                return null;
            }

            values.Add(value);
            p = Chars.SkipSpaces(inner, p + digits, inner.Length);
            if (p < inner.Length && inner[p] != ',')
            {
                return null;
            }

            p++;
            if (values.Count > MaxRanks || _ranksKept + values.Count > MaxRanks)
            {
                return null;
            }
        }

        _ranksKept += values.Count;
        return values.Count > 0 ? [.. values] : null;
    }

    /// <summary><c>defaultdict(&lt;class 'list'&gt;, {'worker-0': [0, 1], 'worker-1': [2, 3]})</c>.</summary>
    private void ReadHostTable(ReadOnlySpan<char> text)
    {
        var open = text.IndexOf('{');
        if (open < 0)
        {
            return;
        }

        var rest = text[(open + 1)..];
        while (_ranksOfHost.Count < MaxScopes)
        {
            var q = rest.IndexOf('\'');
            if (q < 0)
            {
                return;
            }

            var nameEnd = rest[(q + 1)..].IndexOf('\'');
            if (nameEnd <= 0)
            {
                return;
            }

            var name = rest.Slice(q + 1, nameEnd);
            rest = rest[(q + 1 + nameEnd + 1)..];
            var colon = rest.IndexOf('[');
            if (colon < 0 || !rest[..colon].Trim().SequenceEqual(":") || ReadList(rest[colon..]) is not { } ranks)
            {
                return;
            }

            _ranksOfHost[name.ToString()] = ranks;
            rest = rest[(rest.IndexOf(']') + 1)..];
        }
    }

    /// <summary>What a node's launcher said in its last rendezvous.</summary>
    private sealed class Scope
    {
        public int? Restart { get; set; }

        public int? GroupRank { get; set; }

        public int[]? LocalRanks { get; set; }

        public int[]? GlobalRanks { get; set; }
    }
}
