using System.Reflection;

namespace Triage.Collectors.Tests.Support;

/// <summary>Finds the repository (the folder holding Triage.sln) from the test project's recorded directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    public static string Samples => Path.Combine(Root, "samples");

    public static string TestProject => Path.Combine(Root, "tests", "Triage.Collectors.Tests");

    private static string FindRoot()
    {
        var recorded = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;
        for (var dir = new DirectoryInfo(recorded); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Triage.sln not found above " + recorded);
    }
}
