using System.Globalization;
using Triage.Simulator.Model;

namespace Triage.Simulator.Output;

/// <summary>
/// The lines a torch worker prints, in the style of its torch release (tags, prefixes, stamps).
/// Every method appends to an <see cref="Entry"/>; a label marks the lines a rule
/// should find.
/// </summary>
internal sealed class TorchText(TorchStyle style, int rank, DateTimeOffset localTime, int pid)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public TorchStyle Style { get; } = style;

    /// <summary>The <c>[rank3]:</c> prefix torch >= 2.3 puts on c10 lines (no space) and Python lines (one space).</summary>
    public string C10Prefix => Style == TorchStyle.Classic ? string.Empty : "[rank" + rank.ToString(Inv) + "]:";

    public string PyPrefix => Style == TorchStyle.Classic ? string.Empty : "[rank" + rank.ToString(Inv) + "]: ";

    /// <summary>The process-group tag of ProcessGroupNCCL lines.</summary>
    public string PgTag => Style switch
    {
        TorchStyle.Classic => "[Rank " + rank.ToString(Inv) + "]",
        TorchStyle.RankPrefixed => "[PG 0 (default_pg) Rank " + rank.ToString(Inv) + "]",
        _ => "[PG ID 0 PG GUID 0(default_pg) Rank " + rank.ToString(Inv) + "]",
    };

    /// <summary>torch 2.5 and later: PG GUID tags, AcceleratorError, the cudaErrorIllegalAddress hint.</summary>
    public bool Modern => Style is TorchStyle.PgGuid or TorchStyle.Pg25 or TorchStyle.Pg28;

    public string C10(char level, int line, DateTimeOffset? at = null) => Style == TorchStyle.Classic
        ? string.Create(Inv, $"[{level} ProcessGroupNCCL.cpp:{line}] ")
        : C10Prefix + Stamps.C10(at ?? localTime, level, "ProcessGroupNCCL.cpp", line) + " ";

    public static string WorkNccl(long seq, string op, long numel, bool withNumel) => withNumel
        ? string.Create(Inv, $"WorkNCCL(SeqNum={seq}, OpType={op}, NumelIn={numel}, NumelOut={(op == "_REDUCE_SCATTER_BASE" ? numel / 8 : numel)}, Timeout(ms)=600000)")
        : string.Create(Inv, $"WorkNCCL(SeqNum={seq}, OpType={op}, Timeout(ms)=600000)");

    /// <summary>The watchdog timeout block of one rank, ending with the abort.</summary>
    public void Timeout(Entry e, long seq, string op, long numel, long ranMs, Label label)
    {
        var work = WorkNccl(seq, op, numel, Style != TorchStyle.Classic || numel > 1);
        var caught = string.Create(Inv, $"Watchdog caught collective operation timeout: {work} ran for {ranMs} milliseconds before timing out.");
        var r = rank.ToString(Inv);
        switch (Style)
        {
            case TorchStyle.Classic:
                e.Add(C10('E', 475) + "[Rank " + r + "] " + caught, label);
                e.Add(C10('E', 489) + "Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.", label);
                e.Add(C10('E', 495) + "To avoid data inconsistency, we are taking the entire process down.");
                e.Add("terminate called after throwing an instance of 'std::runtime_error'", label);
                e.Add("  what():  [Rank " + r + "] " + caught);
                break;
            case TorchStyle.RankPrefixed:
                e.Add(C10('E', 607) + "[Rank " + r + "] " + caught, label);
                e.Add(C10('E', 1664) + PgTag + string.Create(Inv, $" Exception (either an error or timeout) detected by watchdog at work: {seq}, last enqueued NCCL work: {seq + 1}, last completed NCCL work: {seq - 1}."));
                e.Add(C10('E', 621) + "[Rank " + r + "] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.", label);
                e.Add(C10('E', 627) + "[Rank " + r + "] To avoid data inconsistency, we are taking the entire process down.");
                e.Add(C10('E', 1515) + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught);
                Frames(e, "checkTimeout at ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:609", "c10d::ProcessGroupNCCL::WorkNCCL::checkTimeout(std::optional<std::chrono::duration<long, std::ratio<1l, 1000l> > >) + 0x1d2");
                e.Add(C10Prefix + "terminate called after throwing an instance of 'c10::DistBackendError'", label);
                e.Add(C10Prefix + "  what():  " + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught);
                break;
            case TorchStyle.Pg25:
                e.Add(C10('E', 1834) + PgTag + string.Create(Inv, $" Timeout at NCCL work: {seq}, last enqueued NCCL work: {seq}, last completed NCCL work: {seq - 1}."), label);
                e.Add(C10('E', 630) + "[Rank " + r + "] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.", label);
                e.Add(C10('E', 636) + "[Rank " + r + "] To avoid data inconsistency, we are taking the entire process down.");
                e.Add(C10('E', 1595) + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught, label);
                Frames(e, "checkTimeout at ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:618", "c10d::ProcessGroupNCCL::WorkNCCL::checkTimeout(std::optional<std::chrono::duration<long, std::ratio<1l, 1000l> > >) + 0x1d2");
                e.Add(C10Prefix + "terminate called after throwing an instance of 'c10::DistBackendError'", label);
                e.Add(C10Prefix + "  what():  " + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught, label);
                break;
            case TorchStyle.Pg28:
                e.Add(C10('E', 632) + "[Rank " + r + "] " + caught, label);
                e.Add(C10('E', 2268) + PgTag + string.Create(Inv, $"  failure detected by watchdog at work sequence id: {seq} PG status: last enqueued work: {seq + 1}, last completed work: {seq - 1}"), label);
                e.Add(C10('E', 670) + "Stack trace of the failed collective not found, potentially because FlightRecorder is disabled. You can enable it by setting TORCH_NCCL_TRACE_BUFFER_SIZE to a non-zero value.");
                e.Add(C10('E', 684) + "[Rank " + r + "] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.", label);
                e.Add(C10('E', 698) + "[Rank " + r + "] To avoid data inconsistency, we are taking the entire process down.");
                e.Add(C10('E', 1899) + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught, label);
                Frames(e, "checkTimeout at /pytorch/torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:635", "c10d::ProcessGroupNCCL::WorkNCCL::checkTimeout(std::optional<std::chrono::duration<long, std::ratio<1l, 1000l> > >) + 0x23d");
                e.Add(C10Prefix + "terminate called after throwing an instance of 'c10::DistBackendError'", label);
                e.Add(C10Prefix + "  what():  " + PgTag + " Process group watchdog thread terminated with exception: [Rank " + r + "] " + caught, label);
                break;
            default:
                e.Add(C10('E', 632) + PgTag + " " + caught, label);
                e.Add(C10('E', 2168) + PgTag + string.Create(Inv, $"  failure detected by watchdog at work sequence id: {seq} PG status: last enqueued work: {seq}, last completed work: {seq - 1}"));
                e.Add(C10('E', 630) + PgTag + " Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.", label);
                e.Add(C10('E', 636) + PgTag + " To avoid data inconsistency, we are taking the entire process down.");
                e.Add(C10('E', 1595) + PgTag + " Process group watchdog thread terminated with exception: " + PgTag + " " + caught);
                Frames(e, "checkTimeout at /pytorch/torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:618", "c10d::ProcessGroupNCCL::WorkNCCL::checkTimeout(std::optional<std::chrono::duration<long, std::ratio<1l, 1000l> > >) + 0x2b4");
                e.Add(C10Prefix + "terminate called after throwing an instance of 'c10::DistBackendError'", label);
                e.Add(C10Prefix + "  what():  " + PgTag + " Process group watchdog thread terminated with exception: " + PgTag + " " + caught);
                break;
        }
    }

    /// <summary>The watchdog thread dies on an error (CUDA or NCCL) and takes the process down.</summary>
    public void WatchdogException(Entry e, string error, Label label, bool errorIsSymptom, string exceptionType = "c10::DistBackendError")
    {
        var errLabel = errorIsSymptom ? label : null;
        if (Style == TorchStyle.Classic)
        {
            e.Add(C10('E', 1140) + "[Rank " + rank.ToString(Inv) + "] NCCL watchdog thread terminated with exception: " + error, errLabel);
            e.Add("terminate called after throwing an instance of '" + exceptionType + "'", label);
            e.Add("  what():  " + error, errLabel);
            return;
        }

        e.Add(C10('E', Style switch { TorchStyle.PgGuid or TorchStyle.Pg25 => 1595, TorchStyle.Pg28 => 1899, _ => 1515 }) + PgTag + " Process group watchdog thread terminated with exception: " + error, errLabel);
        if (error.StartsWith("CUDA error", StringComparison.Ordinal))
        {
            CudaHints(e, C10Prefix);
        }

        Frames(e, "c10_cuda_check_implementation at /pytorch/c10/cuda/CUDAException.cpp:43", "c10::cuda::c10_cuda_check_implementation(int, char const*, char const*, int, bool) + 0x118");
        e.Add(C10Prefix + "terminate called after throwing an instance of '" + exceptionType + "'", label);
        e.Add(C10Prefix + "  what():  " + PgTag + " Process group watchdog thread terminated with exception: " + error, errLabel);
    }

    public void CudaHints(Entry e, string prefix)
    {
        e.Add(prefix + "CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.");
        e.Add(prefix + "For debugging consider passing CUDA_LAUNCH_BLOCKING=1");
        e.Add(prefix + "Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.");
        e.Add(prefix);
    }

    private void Frames(Entry e, string raisedFrom, string frame1)
    {
        var p = C10Prefix;
        var b = 0x7f00_0000_0000L + ((long)pid * 0x1000 % 0xff_ffff_f000);
        e.Add(p + "Exception raised from " + raisedFrom + " (most recent call first):");
        e.Add(p + string.Create(Inv, $"frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96 (0x{b + 0x1c1b6:x} in /usr/local/lib/python3.10/dist-packages/torch/lib/libc10.so)"));
        e.Add(p + string.Create(Inv, $"frame #1: {frame1} (0x{b + 0x241bc74:x} in /usr/local/lib/python3.10/dist-packages/torch/lib/libtorch_cuda.so)"));
        e.Add(p + string.Create(Inv, $"frame #2: c10d::ProcessGroupNCCL::watchdogHandler() + 0x890 (0x{b + 0x241d7d0:x} in /usr/local/lib/python3.10/dist-packages/torch/lib/libtorch_cuda.so)"));
        e.Add(p + string.Create(Inv, $"frame #3: c10d::ProcessGroupNCCL::ncclCommWatchdog() + 0x14d (0x{b + 0x241ee6d:x} in /usr/local/lib/python3.10/dist-packages/torch/lib/libtorch_cuda.so)"));
        e.Add(p + string.Create(Inv, $"frame #4: <unknown function> + 0xdc253 (0x{b + 0x8dc253:x} in /lib/x86_64-linux-gnu/libstdc++.so.6)"));
        e.Add(p + string.Create(Inv, $"frame #5: <unknown function> + 0x94ac3 (0x{b + 0x9494ac3:x} in /lib/x86_64-linux-gnu/libc.so.6)"));
        e.Add(p + string.Create(Inv, $"frame #6: <unknown function> + 0x126850 (0x{b + 0x9526850:x} in /lib/x86_64-linux-gnu/libc.so.6)"));
        e.Add(p);
    }
}
