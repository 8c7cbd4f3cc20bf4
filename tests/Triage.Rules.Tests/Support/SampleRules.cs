namespace Triage.Rules.Tests.Support;

/// <summary>Small, valid rule files written for the unit tests (the built-in rules/ may change).</summary>
internal static class SampleRules
{
    public const string Kernel = """
        schemaVersion: 1
        family: kernel
        description: Linux kernel and NVIDIA driver messages
        rules:
          - id: kernel.nvrm_xid
            kind: gpu.xid
            severity: error
            category: hardware
            description: NVIDIA driver Xid event
            literals: ["NVRM: Xid"]
            regex: 'NVRM: Xid \((?<pci>PCI:[0-9a-fA-F:.]+)\): (?<xid>\d+), pid=(?<pid>[^,]+), name=(?<name>[^,]*)'
            signature: 'xid-{xid}'
            attrs: { source: nvrm }
            map:
              attr: xid
              values:
                "79": { category: hardware, severity: critical, meaning: "GPU has fallen off the bus" }
                "13": { category: software, severity: warning, meaning: "Graphics engine exception" }
              default: { meaning: "unlisted Xid" }
            tests:
              match:
                - text: "NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus."
                  attrs: { xid: "79", meaning: "GPU has fallen off the bus" }
                  signature: xid-79
                  category: hardware
                  severity: critical
              noMatch:
                - "NVRM: GPU at PCI:0000:3b:00: GPU-1234"
          - id: kernel.oom_block
            kind: proc.oom_killed
            literals: ["invoked oom-killer"]
            regex: '(?<comm>\S+) invoked oom-killer:'
            signature: 'oom-{comm}'
            block:
              continue: '^\s|^(Mem-Info|Tasks state|\[|Out of memory|oom-kill|Killed process|Node \d|Call Trace)'
              end: '^Killed process (?<pid>\d+) \((?<victim>[^)]+)\)'
              maxLines: 50
            tests:
              match:
                - text: |
                    python invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0
                    Call Trace:
                     dump_stack+0x6d/0x8b
                    Killed process 4242 (python) total-vm:1234kB, anon-rss:99kB
                  attrs: { comm: python, pid: "4242", victim: python }
          - id: kernel.killed_process
            kind: proc.oom_killed
            literals: ["Killed process"]
            regex: 'Killed process (?<pid>\d+) \((?<victim>[^)]+)\)'
            tests:
              match:
                - text: "Out of memory: Killed process 25315 (python3) total-vm:53312244kB"
                  attrs: { pid: "25315", victim: python3 }
        """;

    public const string Python = """
        schemaVersion: 1
        family: python
        rules:
          - id: py.traceback
            kind: py.exception
            literals: ["Traceback (most recent call last):"]
            regex: '^Traceback \(most recent call last\):$'
            signature: '{exception}: {frames}'
            block:
              continue: '^(\s|$|During handling|The above exception)'
              end: '^(?<exception>[A-Za-z_][\w.]*)(: (?<reason>.*))?$'
              maxLines: 400
              collect:
                - regex: '^\s+File "(?<file>[^"]+)", line (?<line>\d+), in (?<function>.+)$'
                  into: frames
                  value: '{function}'
                  keep: last 3
                - regex: '^\s+File "(?<file>[^"]+)", line (?<line>\d+), in (?<function>.+)$'
                  into: outer
                  value: '{file}:{line}'
                  keep: first 2
            tests:
              match:
                - text: |
                    Traceback (most recent call last):
                      File "train.py", line 10, in <module>
                    RuntimeError: boom
                  attrs: { exception: RuntimeError, reason: boom, frames: "<module>" }
          - id: cuda.illegal_address
            kind: cuda.illegal_address
            literals: ["illegal memory access"]
            regex: 'CUDA error: an illegal memory access was encountered'
            tests:
              match:
                - "RuntimeError: CUDA error: an illegal memory access was encountered"
        """;

    public static RuleSet Load(params string[] files)
    {
        var named = new List<(string Path, string Yaml)>();
        for (var i = 0; i < files.Length; i++)
        {
            named.Add(($"sample{i}.yaml", files[i]));
        }

        return RuleSet.Parse(named);
    }

    /// <summary>A one-rule file; <paramref name="rule"/> is the rule's mapping at column 0.</summary>
    public static string WithRule(string rule, string family = "t")
    {
        var lines = rule.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var text = new System.Text.StringBuilder($"schemaVersion: 1\nfamily: {family}\nrules:\n");
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append(i == 0 ? "  - " : "    ").Append(lines[i]).Append('\n');
        }

        return text.ToString();
    }
}
