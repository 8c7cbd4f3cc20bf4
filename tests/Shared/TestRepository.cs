using System.Reflection;

namespace Triage.Testing;

/// <summary>
/// Where the repository and the running test project are, from the project directory recorded at
/// build time (tests/Directory.Build.props), so tests find rules/, samples/ and approved files also
/// when the binaries are built elsewhere with an artifacts path. Compiled into every test project.
/// </summary>
internal static class TestRepository
{
    /// <summary>The directory of the test project's .csproj.</summary>
    public static string TestProject { get; } =
        typeof(TestRepository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;

    /// <summary>The folder holding Triage.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Public data the tests read (tests/data; each folder has its source and licence).</summary>
    public static string Data => Path.Combine(Root, "tests", "data");

    /// <summary>The built-in rules.</summary>
    public static string Rules => Path.Combine(Root, "rules");

    /// <summary>
    /// The triage.dll built beside this test assembly's configuration (a project reference to Triage.Cli builds
    /// it), or null when it is not there: bin/CONFIG/TFM beside each project, or ARTIFACTS/bin/Triage.Cli/CONFIG.
    /// </summary>
    public static string? TriageDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string[] candidates =
        [
            Path.Combine(Root, "src", "Triage.Cli", "bin", here.Parent!.Name, here.Name, "triage.dll"),
            Path.Combine(here.Parent.Parent!.FullName, "Triage.Cli", here.Name, "triage.dll"),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Copies a bundled sample into <paramref name="into"/> with a fixed last-write time: stamps
    /// without a year take the file's year, and approved output must not change with the calendar.
    /// The time is after every sample's incident, as it is when an engineer copies logs off a cluster.
    /// </summary>
    public static string CopySample(string name, string into)
    {
        var source = Path.Combine(Root, "samples", name);
        var target = Path.Combine(into, name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestProject); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Triage.sln not found above " + TestProject);
    }
}
