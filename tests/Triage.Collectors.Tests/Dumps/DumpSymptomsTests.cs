using Triage.Collectors.Dumps;
using Triage.Dumps;

namespace Triage.Collectors.Tests.Dumps;

public sealed class DumpSymptomsTests
{
    private static readonly DateTimeOffset Written = new(2026, 4, 6, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("cores/core.pt_main.2606301.1775387661", "2026-04-05T11:14:21Z")]
    [InlineData("core.python.0.3f1c2b0e9a8d4c7b.4711.1775387661123456.zst", "2026-04-05T11:14:21.123456Z")]
    public void TimeFromName_CorePatternOrSystemdTimestamp_IsTheCrashTime(string path, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DumpSymptoms.TimeFromName(path));
    }

    [Theory]
    [InlineData("node-017/core.12345")]
    [InlineData("core.9999999999")]
    [InlineData("dump-0000000001.dmp")]
    public void TimeFromName_NoEpochInName_IsNull(string path)
    {
        Assert.Null(DumpSymptoms.TimeFromName(path));
    }

    [Fact]
    public void Create_Crash_CarriesDesignAttrsAndWhoFromEnvironmentBeforePath()
    {
        var frame = new DumpFrame(0, 0x7f00_0000_1155, "libtorch_cuda.so", "at::native::sum_kernel_impl", 0x23, "context");
        var report = new DumpReport
        {
            Path = "/x/node-009/core.1",
            Format = "elf-core",
            Machine = "x86_64",
            Pid = 4711,
            Executable = "/usr/bin/python3",
            Host = "node-001",
            Rank = 7,
            Crash = new DumpCrash(11, "SIGSEGV", 1, "SEGV_MAPERR", 0x10, 4712),
            Modules = [new DumpModule("/opt/torch/lib/libtorch_cuda.so", 0x7f00_0000_0000, 0x7f00_1000_0000, "abcd", null, "/opt/torch/lib/libtorch_cuda.so")],
            Stack = [frame],
            Signature = "at::native::sum_kernel_impl | at::native::reduce_kernel",
            SignatureFrame = frame,
        };

        var symptom = DumpSymptoms.Create(report, "run", "node-009/core.1", "node-009/core.1", Written)!;

        Assert.Equal("crash.dump", symptom.Kind);
        Assert.Equal(("node-001", 7, 4711), (symptom.Host, symptom.Rank, symptom.Pid));
        Assert.Equal(Written, symptom.Timestamp);
        Assert.Equal("at::native::sum_kernel_impl | at::native::reduce_kernel", symptom.Signature);
        Assert.Equal("SIGSEGV", symptom.Attrs["signal"]);
        Assert.Equal("SEGV_MAPERR", symptom.Attrs["si_code"]);
        Assert.Equal("0x10", symptom.Attrs["fault_address"]);
        Assert.Equal("libtorch_cuda.so", symptom.Attrs["module"]);
        Assert.Equal("at::native::sum_kernel_impl", symptom.Attrs["frame"]);
        Assert.Equal("abcd", symptom.Attrs["build_id"]);
        Assert.Equal("4712", symptom.Attrs["thread"]);
        Assert.Equal(symptom.Id, DumpSymptoms.Create(report, "run", "node-009/core.1", "node-009/core.1", Written)!.Id);
    }

    [Fact]
    public void Create_SnapshotWithoutSignal_IsNull()
    {
        var report = new DumpReport { Path = "gcore.1", Format = "elf-core", Machine = "x86_64" };

        Assert.Null(DumpSymptoms.Create(report, "run", "gcore.1", "node-003/gcore.1", Written));
    }

    [Fact]
    public void Create_NoEnvironment_TakesHostAndRankFromPath()
    {
        var report = new DumpReport { Path = "c", Format = "elf-core", Machine = "x86_64", Crash = new DumpCrash(6, "SIGABRT", -6, "SI_TKILL", null, 1) };

        var symptom = DumpSymptoms.Create(report, "run", "s", "node-017/rank-3/core.1", Written)!;

        Assert.Equal(("node-017", 3), (symptom.Host, symptom.Rank));
        Assert.Equal("SIGABRT in ?", symptom.Signature);
    }
}
