using System.Diagnostics;

namespace Triage.Dumps.Tests.Support;

/// <summary>
/// Builds the small C++ crash programs once with g++ and crashes them into real cores: kernel cores
/// (ulimit -c unlimited; gdb's generate-core-file where the kernel's core_pattern pipes cores
/// elsewhere), a gdb core of a stripped build, a gcore snapshot of a live process, and a .NET dump.
/// Everything lives under one temp directory, removed on dispose.
/// </summary>
public sealed class CrashFixture : IAsyncLifetime
{
    public static readonly string[] Modes = ["segv", "abort", "fpe", "bus", "threads"];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "triage-dump-tests-" + Guid.NewGuid().ToString("n")[..12]);

    public string Executable => Path.Combine(Directory, "crasher");

    public string Stripped => Path.Combine(Directory, "crasher-stripped");

    public Dictionary<string, string> Cores { get; } = [];

    public Dictionary<string, int> Pids { get; } = [];

    public Dictionary<string, GdbBacktrace> Gdb { get; } = [];

    public string? DotnetDump { get; private set; }

    public int SnapshotPid { get; private set; }

    public bool KernelCores { get; private set; }

    public static IReadOnlyDictionary<string, string> RankEnvironment { get; } = new Dictionary<string, string>
    {
        ["RANK"] = "5", ["LOCAL_RANK"] = "1", ["HOSTNAME"] = "node-007", ["SECRET_TOKEN"] = "do-not-keep",
    };

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var programs = Path.Combine(AppContext.BaseDirectory, "Programs");
        const string flags = "-g -O1 -fno-omit-frame-pointer";
        await Shell($"g++ {flags} -fPIC -shared -o libreduce.so {programs}/reduce.cpp && g++ {flags} -o crasher {programs}/crasher.cpp -L. -lreduce -Wl,-rpath,'$ORIGIN' -pthread && cp crasher crasher-stripped && strip crasher-stripped");
        var pattern = (await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern")).Trim();
        KernelCores = pattern == "core";
        var work = new List<Task>(Modes.Select(CrashAsync)) { SnapshotAsync(), DotnetAsync(), GdbCoreAsync("stripped", Stripped, "fpe") };
        await Task.WhenAll(work);
    }

    private async Task CrashAsync(string mode)
    {
        var dir = Path.Combine(Directory, mode);
        System.IO.Directory.CreateDirectory(dir);
        if (!KernelCores)
        {
            await GdbCoreAsync(mode, Executable, mode);
            return;
        }

        var env = string.Join(' ', RankEnvironment.Select(e => $"{e.Key}={e.Value}"));
        var (_, output) = await ProcessRunner.RunAsync("bash", ["-c", $"ulimit -c unlimited; env {env} ../crasher {mode} & echo pid=$!; wait"], dir);
        Pids[mode] = int.Parse(output.Split("pid=")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Cores[mode] = System.IO.Directory.GetFiles(dir, "core*").Single(); // "core", or "core.PID" with core_uses_pid
        Gdb[mode] = await GdbBacktrace.RunAsync(Executable, Cores[mode], Directory);
    }

    private async Task GdbCoreAsync(string name, string executable, string mode)
    {
        var core = Path.Combine(Directory, name + ".gdbcore");
        var (_, output) = await ProcessRunner.RunAsync(
            "gdb", ["-batch", "-nx", "-ex", "run", "-ex", "info inferiors", "-ex", $"generate-core-file {core}", "--args", executable, mode], Directory, new Dictionary<string, string>(RankEnvironment));
        var process = System.Text.RegularExpressions.Regex.Match(output, @"process (\d+)");
        Pids[name] = process.Success ? int.Parse(process.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        Cores[name] = core;
        Gdb[name] = await GdbBacktrace.RunAsync(executable, core, Directory);
    }

    private async Task SnapshotAsync()
    {
        using var process = Process.Start(new ProcessStartInfo(Executable, "sleep") { RedirectStandardOutput = true, WorkingDirectory = Directory })!;
        await process.StandardOutput.ReadLineAsync(); // "ready"
        SnapshotPid = process.Id;
        var core = Path.Combine(Directory, "snapshot");
        await ProcessRunner.RunAsync("gcore", ["-o", core, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Directory);
        process.Kill();
        Cores["gcore"] = $"{core}.{process.Id}";
    }

    private async Task DotnetAsync()
    {
        var dump = Path.Combine(Directory, "dotnet.dmp");
        var env = new Dictionary<string, string>(RankEnvironment)
        {
            ["DOTNET_DbgEnableMiniDump"] = "1",
            ["DOTNET_DbgMiniDumpType"] = "1",
            ["DOTNET_DbgMiniDumpName"] = dump,
        };
        await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Triage.Dumps.Crasher.dll"), "web-0412"], Directory, env);
        DotnetDump = File.Exists(dump) ? dump : null;
    }

    private async Task Shell(string command)
    {
        var (code, output) = await ProcessRunner.RunAsync("bash", ["-c", command], Directory);
        if (code != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({code}): {output}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is not worth failing the run for
        }

        return Task.CompletedTask;
    }
}
