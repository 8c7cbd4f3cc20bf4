namespace Triage.Rules.Tests.Causal.Support;

/// <summary>A small valid causal rule file whose lines the loader tests point into.</summary>
internal static class CausalSamples
{
    // Line numbers: the rule starts at line 4 ("  - id: t.rule", column 5).
    public const string OneRule = """
        schemaVersion: 1
        family: causal
        rules:
          - id: t.rule
            description: Peers time out after a GPU is lost.
            cause: { kinds: [gpu.lost], minSeverity: error }
            effect: { kinds: [nccl.timeout] }
            scope: run
            window: { before: 30s, after: 40m }
            tests:
              - cause: { kind: gpu.lost, time: "2026-05-02T03:00:00Z", host: node-017 }
                effect: { kind: nccl.timeout, time: "2026-05-02T03:10:00Z", host: node-003 }
                explains: true
              - cause: { kind: gpu.lost, time: "2026-05-02T03:00:00Z" }
                effect: { kind: nccl.timeout, time: "2026-05-02T04:10:00Z" }
                explains: false

        """;

    /// <summary>The rule block of <see cref="OneRule"/> with another id, to append to it.</summary>
    public static string SecondRule(string id) =>
        OneRule[OneRule.IndexOf("  - id:", StringComparison.Ordinal)..].Replace("t.rule", id, StringComparison.Ordinal);
}
