using FsCheck;
using FsCheck.Fluent;
using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Rules.Tests.Causal.Support;

/// <summary>FsCheck generators for valid causal rule models and for hostile edits of rule files.</summary>
internal static class CausalGenerators
{
    public static readonly DateTimeOffset Epoch = new(2026, 5, 2, 3, 0, 0, TimeSpan.Zero);

    private static readonly string[] KindNames = SymptomKinds.All.Select(k => k.Name).ToArray();
    private static readonly string[] Wildcards = ["gpu.*", "cuda.*", "nccl.*", "proc.*", "train.*", "job.*"];
    private static readonly string[] AttrNames = ["xid", "exception", "error", "signal", "_x", "null", "A1"];

    /// <summary>Printable text YAML can carry in a double-quoted scalar, with a few escapes and non-ASCII letters.</summary>
    private static readonly Gen<char> TextChar = Gen.Frequency(new (int, Gen<char>)[]
    {
        (20, Gen.Choose(0x20, 0x7E).Select(i => (char)i)),
        (1, Gen.Elements('\t', '\n', '\u00e9', '\u4e2d', '\u00a0', '\u2028', '\u0001')),
    });

    public static Gen<string> Text { get; } = Gen.ArrayOf(TextChar).Select(chars => new string(chars));

    public static Gen<string> Id { get; } =
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_.-".ToCharArray()))
        select first + new string(rest.Take(30).ToArray());

    public static Gen<TimeSpan> Window { get; } = Gen.Frequency(new (int, Gen<TimeSpan>)[]
    {
        (3, Gen.Choose(0, (int)CausalLimits.MaxWindow.TotalMilliseconds).Select(ms => TimeSpan.FromMilliseconds(ms))),
        (3, Gen.Choose(0, 7 * 24 * 60).Select(m => TimeSpan.FromMinutes(m))),
        (1, Gen.Elements(TimeSpan.Zero, CausalLimits.DefaultBefore, CausalLimits.MaxWindow)),
    });

    public static Gen<CausalMatch> Match(bool needsKinds) =>
        from kinds in Gen.SubListOf(KindNames.Concat(Wildcards).ToArray())
        from categories in Gen.SubListOf(Enum.GetValues<SymptomCategory>())
        from severity in Gen.OneOf(Gen.Constant<Severity?>(null), Gen.Elements(Enum.GetValues<Severity>()).Select(s => (Severity?)s))
        from attrs in Gen.SubListOf(AttrNames)
        from values in Gen.ArrayOf(Text, attrs.Count)
        from fallback in Gen.Elements(KindNames)
        select new CausalMatch
        {
            Kinds = (needsKinds && kinds.Count == 0 ? [fallback] : kinds.Take(CausalLimits.MaxListItems)).ToList(),
            Categories = categories.ToList(),
            MinSeverity = severity,
            Attrs = attrs.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
        };

    public static Gen<Symptom> TestSymptom(string id) =>
        from kind in Gen.Elements(KindNames)
        from run in Gen.Elements("test", "run-a", "Run B")
        from hasTime in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from ms in Gen.Choose(-100_000_000, 100_000_000)
        from host in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements<string?>("node-017", "node-018", "gpu a 7"))
        from rank in OptionalInt
        from gpu in OptionalInt
        from pid in OptionalInt
        from severity in Gen.Elements(Enum.GetValues<Severity>())
        from category in Gen.Elements(Enum.GetValues<SymptomCategory>())
        from attrs in Gen.SubListOf(AttrNames)
        from values in Gen.ArrayOf(Text, attrs.Count)
        select new Symptom
        {
            Id = id,
            Run = run,
            Timestamp = hasTime ? Epoch.AddMilliseconds(ms) : null,
            Host = host,
            Rank = rank,
            Gpu = gpu,
            Pid = pid,
            Kind = kind,
            Severity = severity,
            Category = category,
            Attrs = attrs.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            Signature = kind,
            Message = string.Empty,
            Source = new SymptomSource("gen.yaml", 0, 0),
            Rule = "test",
        };

    public static Gen<CausalRule> Rule(string id) =>
        from description in Text.Select(t => t.Trim()).Where(t => t.Length > 0)
        from cause in Match(needsKinds: false)
        from effect in Match(needsKinds: true)
        from scope in Gen.Elements(Enum.GetValues<CausalScope>())
        from before in Window
        from after in Window
        from c1 in TestSymptom(id + "#1/cause")
        from e1 in TestSymptom(id + "#1/effect")
        from c2 in TestSymptom(id + "#2/cause")
        from e2 in TestSymptom(id + "#2/effect")
        select new CausalRule(id, description, cause, effect, scope, before, after)
        {
            Tests = [new CausalTestCase(c1, e1, true, 0), new CausalTestCase(c2, e2, false, 0)],
        };

    /// <summary>One to four rules with distinct ids.</summary>
    public static Gen<CausalRule[]> RuleSet { get; } =
        from ids in Gen.ListOf(Id).Select(list => list.Distinct(StringComparer.Ordinal).Take(4).ToArray()).Where(a => a.Length > 0)
        from rules in Gen.CollectToArray(ids, Rule)
        select rules;

    private static Gen<int?> OptionalInt { get; } =
        Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 4096).Select(i => (int?)i), Gen.Constant<int?>(int.MaxValue));
}
