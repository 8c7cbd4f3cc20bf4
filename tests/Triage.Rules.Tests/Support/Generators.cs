using FsCheck;
using FsCheck.Fluent;

namespace Triage.Rules.Tests.Support;

/// <summary>FsCheck generators for hostile log lines and rule-file text.</summary>
internal static class Generators
{
    private static readonly string[] Fragments =
    [
        "NVRM: Xid (PCI:0000:3b:00): ", "79", "13", ", pid=", ", name=", "python", "Traceback (most recent call last):",
        "  File \"", "\", line ", ", in ", "RuntimeError: ", "CUDA error: an illegal memory access was encountered",
        "invoked oom-killer:", "Killed process ", " (", ")", "\t", " ", "\r", "\u0000", "\u001b[31m", "\ud800", "\udfff",
        "\U0001F600", "{xid}", "…",
    ];

    private static readonly string[] WholeLines =
    [
        "Traceback (most recent call last):", "  File \"train.py\", line 10, in <module>", "    main()",
        "RuntimeError: CUDA error: an illegal memory access was encountered", "During handling of the above exception:",
        "python invoked oom-killer: gfp_mask=0x100cca, order=0", "Call Trace:", "Killed process 4242 (python) total-vm:1kB",
        "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus.", "", "step 10 loss 2.1",
    ];

    /// <summary>Any UTF-16 code unit, unpaired surrogates and control characters included.</summary>
    public static Gen<char> AnyChar { get; } = Gen.Choose(0, 0xFFFF).Select(i => (char)i);

    /// <summary>Lines built from rule fragments and arbitrary chars, sometimes very long.</summary>
    public static Gen<string> LogLine { get; } = Gen.Frequency(new (int, Gen<string>)[]
    {
        (6, Gen.Elements(WholeLines)),
        (6, Gen.ListOf(Gen.OneOf(Gen.Elements(Fragments), AnyChar.Select(c => c.ToString())))
            .Select(parts => string.Concat(parts))),
        (2, Gen.ArrayOf(AnyChar).Select(chars => new string(chars))),
        (1, Gen.Elements(Fragments).Select(f => Fragments[0] + "79, pid=1, name=" + string.Concat(Enumerable.Repeat(f, 20_000)))),
        (1, Gen.Constant(string.Empty)),
    });

    /// <summary>A short log: lines with a stream key drawn from a few ranks.</summary>
    public static Gen<(string Line, string Stream)[]> Log { get; } =
        Gen.ArrayOf(Gen.Zip(LogLine, Gen.Elements("", "node-1/0", "node-1/1"))).Select(items => items.Select(i => (i.Item1, i.Item2)).ToArray());

    /// <summary>Arbitrary text, or a valid rule file with a few random edits.</summary>
    public static Gen<string> RuleText { get; } = Gen.Frequency(new (int, Gen<string>)[]
    {
        (1, Gen.ArrayOf(AnyChar).Select(chars => new string(chars))),
        (1, Gen.ListOf(Gen.Elements(":", " ", "\n", "-", "[", "]", "{", "}", "'", "\"", "&a", "*a", "!!str", "rules", "id", "#", "|", "?", "\t", "%YAML 1.2", "---", "..."))
            .Select(parts => string.Concat(parts))),
        (4, Gen.Zip(Gen.Elements(SampleRules.Kernel, SampleRules.Python), Gen.ListOf(Edit))
            .Select(t => Mutate(t.Item1, t.Item2))),
    });

    private static Gen<(int Position, int Kind, char Char)> Edit =>
        from position in Gen.Choose(0, 10_000)
        from kind in Gen.Choose(0, 2)
        from c in AnyChar
        select (position, kind, c);

    private static string Mutate(string text, IEnumerable<(int Position, int Kind, char Char)> edits)
    {
        var builder = new System.Text.StringBuilder(text);
        foreach (var (position, kind, c) in edits)
        {
            var at = builder.Length == 0 ? 0 : position % builder.Length;
            switch (kind)
            {
                case 0 when builder.Length > 0:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, c);
                    break;
                default:
                    if (builder.Length > 0)
                    {
                        builder[at] = c;
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
