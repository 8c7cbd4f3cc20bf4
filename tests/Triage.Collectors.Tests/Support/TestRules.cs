using Triage.Rules;
using Triage.Testing;

namespace Triage.Collectors.Tests.Support;

/// <summary>Rule sets for collector tests: a small fixed one (mechanics) and the built-in one (content).</summary>
internal static class TestRules
{
    public const string MinimalYaml = """
        schemaVersion: 1
        family: test
        description: rules for collector mechanics tests
        rules:
          - id: test.xid
            kind: gpu.xid
            severity: error
            literals: ["NVRM: Xid"]
            regex: 'NVRM: Xid \((?<pci>PCI:[0-9a-fA-F:.]+)\): (?<xid>\d+)'
            signature: 'xid-{xid}'
            tests:
              match:
                - text: "NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=python"
          - id: test.timeout
            kind: nccl.timeout
            literals: ["Watchdog caught collective operation timeout"]
            regex: '\[Rank (?<rank>\d+)\] Watchdog caught collective operation timeout: WorkNCCL\(SeqNum=(?<seq>\d+)'
            signature: 'timeout'
            tests:
              match:
                - text: "[Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=ALLREDUCE)"
          - id: test.traceback
            kind: py.exception
            literals: ["Traceback (most recent call last):"]
            regex: 'Traceback \(most recent call last\):'
            signature: '{exception}'
            block:
              continue: '^(\s|$)'
              end: '^(?<exception>[A-Za-z_][\w.]*)(: (?<reason>.*))?$'
              maxLines: 50
            tests:
              match:
                - text: |
                    Traceback (most recent call last):
                      File "x.py", line 1, in <module>
                    RuntimeError: boom
        """;

    public static RuleSet Minimal { get; } = RuleSet.Parse([("test.yaml", MinimalYaml)]);

    public static RuleSet BuiltIn => RuleSet.LoadDirectory(TestRepository.Rules);
}
