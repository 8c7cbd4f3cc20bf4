using System.Diagnostics;
using System.Text.Json;
using Triage.Cli.Tests.Support;

namespace Triage.Cli.Tests;

/// <summary><c>dump</c>, <c>dumps</c> and collecting a run directory with a core in it: a real core of /bin/sh killed by SIGSEGV, written by gdb.</summary>
public sealed class DumpCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Dump_RealCore_PrintsSignalStackAndModules()
    {
        var core = await MakeCoreAsync(Path.Combine(_cli.WorkDir, "run", "node-005"));

        var (code, output, error) = await _cli.RunAsync("dump", core);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("crash:      SIGSEGV (SI_USER)", output, StringComparison.Ordinal);
        Assert.Contains("stack of the crashing thread:", output, StringComparison.Ordinal);
        Assert.Contains("libc.so.6", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_Json_IsTheDumpContract()
    {
        var core = await MakeCoreAsync(Path.Combine(_cli.WorkDir, "run", "node-005"));

        var (code, output, _) = await _cli.RunAsync("dump", core, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("triage.dump/v1", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal("SIGSEGV", json.RootElement.GetProperty("crash").GetProperty("signal_name").GetString());
        Assert.True(json.RootElement.GetProperty("modules").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Dump_NotADump_FailsWithOneLine()
    {
        var file = Path.Combine(_cli.WorkDir, "notes.txt");
        await File.WriteAllTextAsync(file, "not a dump\n");

        var (code, _, error) = await _cli.RunAsync("dump", file);

        Assert.Equal(1, code);
        Assert.Equal($"triage: dump '{file}': not a crash dump (neither an ELF core nor a minidump)", error.TrimEnd());
    }

    [Fact]
    public async Task Dumps_RunDirectory_GroupsBySignatureWithHostFromPath()
    {
        var dir = Path.Combine(_cli.WorkDir, "run");
        var core = await MakeCoreAsync(Path.Combine(dir, "node-005"));
        File.Copy(core, Path.Combine(dir, "node-006", "core.2"));

        var (code, output, _) = await _cli.RunAsync("dumps", dir, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var group = Assert.Single(json.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(2, group.GetProperty("dumps").GetInt32());
        Assert.Equal(["node-005", "node-006"], group.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("SIGSEGV", Assert.Single(group.GetProperty("signals").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Collect_RunWithCores_StoresOneCrashDumpEachOnceAndRecordsDamagedOnes()
    {
        var dir = Path.Combine(_cli.WorkDir, "run");
        var core = await MakeCoreAsync(Path.Combine(dir, "node-005"));
        var bytes = await File.ReadAllBytesAsync(core);
        await File.WriteAllBytesAsync(Path.Combine(dir, "node-006", "core.cut"), bytes[..200]);

        var (code, first, _) = await _cli.RunAsync("collect", dir);
        var (_, second, _) = await _cli.RunAsync("collect", dir);
        var (_, symptoms, _) = await _cli.RunAsync("symptoms", "--kind", "crash.dump", "--json");
        var (_, status, _) = await _cli.RunAsync("status");

        Assert.Equal(5, code);
        Assert.Contains("1 symptoms (1 new); 1 failed", first, StringComparison.Ordinal);
        Assert.Contains("0 symptoms (0 new)", second, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(symptoms.Split('\n')[0]);
        Assert.Equal("node-005", json.RootElement.GetProperty("host").GetString());
        Assert.Equal("SIGSEGV", json.RootElement.GetProperty("attrs").GetProperty("signal").GetString());
        Assert.Contains("node-006/core.cut", status, StringComparison.Ordinal);
        Assert.Contains("damaged", status, StringComparison.Ordinal);
    }

    /// <summary>/bin/sh kills itself with SIGSEGV under gdb, which writes the core (whatever the kernel's core_pattern).</summary>
    private static async Task<string> MakeCoreAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, "..", "node-006"));
        var core = Path.Combine(directory, "core.1");
        var start = new ProcessStartInfo("gdb") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in new[] { "-batch", "-nx", "-ex", "run", "-ex", $"generate-core-file {core}", "--args", "/bin/sh", "-c", "kill -SEGV $$" })
        {
            start.ArgumentList.Add(a);
        }

        using var gdb = Process.Start(start)!;
        var output = gdb.StandardOutput.ReadToEndAsync();
        await gdb.StandardError.ReadToEndAsync();
        await gdb.WaitForExitAsync();
        Assert.True(File.Exists(core), "gdb wrote no core: " + await output);
        return core;
    }
}
