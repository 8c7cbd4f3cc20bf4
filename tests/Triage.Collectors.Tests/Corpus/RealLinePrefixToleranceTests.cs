using Triage.Collectors.Tests.Support;
using Xunit.Abstractions;

namespace Triage.Collectors.Tests.Corpus;

/// <summary>
/// Generalisation over the prefixes log transports (and pasting: a Markdown quote, a code block's indentation)
/// put in front of a line: every development line of the
/// real-line corpus (see its README) is wrapped in each common transport shape and scored again. A line
/// recalled bare must be recalled wrapped, and wrapping must not make a benign line loud: the rules
/// recognise a line by its message, whatever relayed it. Only the development part is used.
/// </summary>
public sealed class RealLinePrefixToleranceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Transports => ["iso-z", "cri", "docker-json", "torch-rank", "syslog", "pdsh", "dmesg-T", "ray-actor", "md-quote", "indent4", "srun-label", "mpi-tag", "compose", "kubectl-prefix", "pdsh-ip", "ray-train", "bracket-time"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Wrapped_DevLines_ScoreAsBare(string transport)
    {
        // Every labeled line and every third benign line (the benign ones guard precision).
        var dev = RealLineCorpus.Load("dev");
        var lines = dev.Where((l, i) => !l.IsBenign || i % 3 == 0).ToList();
        var bare = await RealLineCorpus.ScoreAsync(lines, TestRules.BuiltIn);
        var wrapped = await RealLineCorpus.ScoreAsync([.. lines.Select(l => l with { Line = Wrap(transport, l.Line) })], TestRules.BuiltIn);
        output.WriteLine($"bare: {bare}");
        output.WriteLine($"{transport}: {wrapped}");
        foreach (var miss in wrapped.Misses.Except(bare.Misses.Select(m => Rewrap(transport, m))))
        {
            output.WriteLine("  lost: " + miss);
        }

        foreach (var wrong in wrapped.Wrong)
        {
            output.WriteLine("  wrong: " + wrong);
        }

        Assert.True(wrapped.Recall >= bare.Recall, $"{transport}: recall {wrapped.Recall:0.000} < bare {bare.Recall:0.000}");
        Assert.True(wrapped.Precision >= bare.Precision, $"{transport}: precision {wrapped.Precision:0.000} < bare {bare.Precision:0.000}");
        Assert.True(wrapped.BenignFlagged <= bare.BenignFlagged, $"{transport}: {wrapped.BenignFlagged} benign lines flagged > bare {bare.BenignFlagged}");
    }

    private static string Wrap(string transport, string line) => transport switch
    {
        // docker / kubectl logs --timestamps
        "iso-z" => "2024-05-11T14:10:52.224123456Z " + line,
        // containerd / CRI-O node logs
        "cri" => "2024-05-11T14:10:52.224123456Z stderr F " + line,
        // Docker's json-file driver
        "docker-json" => "{\"log\":\"" + line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-11T14:10:52.224123456Z\"}",
        // torchrun --tee / torch 2.x rank prefix
        "torch-rank" => "[rank3]: " + line,
        "syslog" => "Dec  7 10:00:00 gpu-node-07 kernel: " + line,
        // pdsh / clush host label
        "pdsh" => "gpu-node-07: " + line,
        "dmesg-T" => "[Mon Dec  7 10:00:00 2026] " + line,
        "ray-actor" => "(RayWorker pid=5304) " + line,
        // a line quoted in an issue (Markdown) or pasted indented as a code block
        "md-quote" => "> " + line,
        "indent4" => "    " + line,
        // srun --label (task id), Open MPI's mpirun --tag-output
        "srun-label" => "12: " + line,
        "mpi-tag" => "[1,12]<stderr>:" + line,
        // docker compose, kubectl logs --prefix
        "compose" => "trainer-1  | " + line,
        "kubectl-prefix" => "[pod/trainer-worker-3/pytorch] " + line,
        // pdsh with addresses, as DeepSpeed's multi-node launcher prints them
        "pdsh-ip" => "10.0.87.143: " + line,
        // ray train workers
        "ray-train" => "(RayTrainWorker pid=5304, ip=10.0.3.7) " + line,
        // a stamp alone, to the second (ts '[%F %T]', NCCL_DEBUG_TIMESTAMP_FORMAT's default)
        "bracket-time" => "[2024-05-11 14:10:52] " + line,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    /// <summary>A bare miss as it reads wrapped (only used to print the lines wrapping lost).</summary>
    private static string Rewrap(string transport, string miss)
    {
        var colon = miss.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? miss : miss[..(colon + 2)] + Wrap(transport, miss[(colon + 2)..]);
    }
}
