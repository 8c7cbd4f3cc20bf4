using Triage.Testing;
using Triage.Dumps.Tests.Support;

namespace Triage.Dumps.Tests;

/// <summary>Real cores of small C++ programs, read and compared with what gdb says about the same core.</summary>
[Collection(CrashCollection.Name)]
public sealed class DumpReaderTests(CrashFixture crashes)
{
    private static readonly string[] OwnModules = ["crasher", "libreduce.so", "crasher-stripped"];

    [Theory]
    [InlineData("segv", "SIGSEGV", "SEGV_MAPERR", "libreduce.so", "at::native::sum_kernel")]
    [InlineData("fpe", "SIGFPE", "FPE_INTDIV", "crasher", "divide")]
    [InlineData("bus", "SIGBUS", "BUS_ADRERR", "crasher", "touch_bus")]
    [InlineData("threads", "SIGSEGV", "SEGV_MAPERR", "libreduce.so", "at::native::sum_kernel")]
    public void Read_FaultingProgram_SignalAndFaultingFrameMatchGdb(string mode, string signal, string code, string module, string function)
    {
        var report = DumpReader.Read(crashes.Cores[mode]);
        var gdb = crashes.Gdb[mode];

        Assert.NotNull(report.Crash);
        Assert.Equal(signal, report.Crash.SignalName);
        Assert.Equal(gdb.Signal, report.Crash.SignalName);
        Assert.Equal(code, report.Crash.CodeName);
        Assert.Equal(module, report.Stack[0].Module);
        Assert.Equal(function, report.Stack[0].Function);
        Assert.Equal(gdb.Frames[0].Function, report.Stack[0].Function);
        AssertOwnFramesAsGdb(report, gdb);
    }

    [Fact]
    public void Read_Segfault_FaultAddressIsTheBadPointer()
    {
        var report = DumpReader.Read(crashes.Cores["segv"]);

        Assert.Equal(0x10UL, report.Crash!.FaultAddress);
        Assert.Equal(crashes.Pids["segv"], report.Crash.ThreadId);
        Assert.Equal(crashes.Pids["segv"], report.Pid);
    }

    [Fact]
    public void Read_Abort_SignalIsSigabrtAndSignatureSkipsLibc()
    {
        var report = DumpReader.Read(crashes.Cores["abort"], Options());

        Assert.Equal("SIGABRT", report.Crash!.SignalName);
        Assert.Equal(crashes.Gdb["abort"].Signal, report.Crash.SignalName);
        Assert.Equal("libc.so.6", report.Stack[0].Module);
        Assert.Equal("do_abort | main", report.Signature);
        Assert.Equal("crasher", report.SignatureFrame!.Module);
        AssertOwnFramesAsGdb(report, crashes.Gdb["abort"]);
    }

    [Fact]
    public void Read_SeveralThreads_CrashingThreadIsGdbsCurrentThread()
    {
        var report = DumpReader.Read(crashes.Cores["threads"]);
        var gdb = crashes.Gdb["threads"];

        Assert.Equal(5, report.ThreadCount);
        Assert.NotNull(gdb.CurrentLwp);
        Assert.Equal(gdb.CurrentLwp, report.Crash!.ThreadId);
        Assert.Equal(gdb.CurrentLwp, report.Threads[0].Id);
        Assert.NotEqual(report.Pid, report.Crash.ThreadId);
        Assert.Contains("rip", report.Threads[1].Registers.Keys);
    }

    [Fact]
    public void Read_StrippedBuild_FaultingFrameIsModulePlusOffsetAtGdbsAddress()
    {
        var report = DumpReader.Read(crashes.Cores["stripped"]);
        var gdb = crashes.Gdb["stripped"];

        Assert.Equal("SIGFPE", report.Crash!.SignalName);
        Assert.Equal("crasher-stripped", report.Stack[0].Module);
        Assert.Null(report.Stack[0].Function);
        Assert.Equal("??", gdb.Frames[0].Function);
        Assert.Equal(gdb.Frames[0].Address, report.Stack[0].Address);
        Assert.StartsWith("crasher-stripped+0x", report.Signature, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GcoreOfLiveProcess_IsNoCrash()
    {
        var report = DumpReader.Read(crashes.Cores["gcore"]);

        Assert.Null(report.Crash);
        Assert.Equal(crashes.SnapshotPid, report.Pid);
        Assert.All(report.Threads, t => Assert.Contains(t.Signal, new[] { 0, 19 })); // gcore's NT_SIGINFO says SIGSTOP
        Assert.Equal("clock_nanosleep", report.Stack[0].Function);
    }

    [Fact]
    public async Task Read_KernelCore_ModulesCarryTheBuildIdsReadelfReports()
    {
        var report = DumpReader.Read(crashes.Cores["segv"]);
        var (_, output) = await ProcessRunner.RunAsync("readelf", ["-n", Path.Combine(crashes.Directory, "libreduce.so")], crashes.Directory);
        var readelf = System.Text.RegularExpressions.Regex.Match(output, @"Build ID: ([0-9a-f]+)");

        var module = Assert.Single(report.Modules, m => m.Name == "libreduce.so");
        Assert.Equal(readelf.Groups[1].Value, module.BuildId);
        Assert.NotNull(module.SymbolFile);
        Assert.Contains(report.Modules, m => m.Name == "libc.so.6" && m.Version == "6" && m.BuildId is { Length: 40 });
    }

    [Fact]
    public void Read_ProcessEnvironment_GivesHostAndRankAndDropsOtherVariables()
    {
        var report = DumpReader.Read(crashes.Cores["segv"]);

        Assert.Equal("node-007", report.Host);
        Assert.Equal(5, report.Rank);
        Assert.Equal(1, report.LocalRank);
        Assert.DoesNotContain("SECRET_TOKEN", report.Environment.Keys);
        Assert.EndsWith("crasher", report.Executable, StringComparison.Ordinal);
        Assert.Contains("segv", report.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModuleFileWithAnotherBuildId_IsNotUsedForSymbols()
    {
        var other = Path.Combine(crashes.Directory, "other-build");
        Directory.CreateDirectory(other);
        File.Copy(Path.Combine(crashes.Directory, "crasher-stripped"), Path.Combine(other, "libreduce.so"), overwrite: true);
        // crasher-stripped has a build id of its own, so it cannot stand in for libreduce.so.
        var report = DumpReader.Read(crashes.Cores["segv"], new DumpOptions { UseModulePaths = false, SymbolPaths = [other] });

        Assert.Equal("libreduce.so", report.Stack[0].Module);
        Assert.Null(report.Stack[0].Function);
        Assert.Null(Assert.Single(report.Modules, m => m.Name == "libreduce.so").SymbolFile);
    }

    [Fact]
    public void Read_DotnetCrashDump_GivesTheUnhandledExceptionType()
    {
        Assert.NotNull(crashes.DotnetDump);
        var report = DumpReader.Read(crashes.DotnetDump);

        Assert.NotNull(report.Managed);
        Assert.Equal("System.InvalidOperationException", report.Managed.ExceptionType);
        Assert.Contains("web-0412", report.Managed.ExceptionMessage, StringComparison.Ordinal);
        Assert.Contains(report.Managed.Stack, f => f.EndsWith("Program.ReduceRows", StringComparison.Ordinal));
        Assert.StartsWith("System.InvalidOperationException | ", report.Signature, StringComparison.Ordinal);
        Assert.EndsWith("Program.ReduceRows", report.SignatureFrame!.Function, StringComparison.Ordinal);
        Assert.Equal("SIGABRT", report.Crash!.SignalName);
        Assert.Equal(5, report.Rank);
    }

    internal static DumpOptions Options() => new() { Signatures = Triage.Dumps.Signatures.SignatureRules.Load(Path.Combine(TestRepository.Root, "rules", "dumps", "signatures.yaml")) };

    /// <summary>Every frame gdb shows with an address in the test's own modules is in our stack, in the same order.</summary>
    private static void AssertOwnFramesAsGdb(DumpReport report, GdbBacktrace gdb)
    {
        var ours = report.Stack.Where(f => OwnModules.Contains(f.Module)).Select(f => f.Address).ToList();
        var theirs = gdb.Frames.Where(f => f.Address is { } a && OwnModules.Contains(ModuleOf(report, a))).Select(f => f.Address!.Value).ToList();
        Assert.NotEmpty(theirs);
        Assert.Equal(theirs, ours.Where(theirs.Contains).ToList());
    }

    private static string? ModuleOf(DumpReport report, ulong address) =>
        report.Modules.FirstOrDefault(m => address >= m.Base && address < m.End)?.Name;
}
