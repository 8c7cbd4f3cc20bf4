namespace Triage.Dumps.Tests.Support;

/// <summary>The test classes that read the fixture's cores share one build and one set of crashes.</summary>
[CollectionDefinition(Name)]
public sealed class CrashCollection : ICollectionFixture<CrashFixture>
{
    public const string Name = "crashes";
}
