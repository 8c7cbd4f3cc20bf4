using Xunit.Sdk;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>
/// A contract test: runs for every store the test class stands for, and is reported as skipped,
/// with the reason, when the class needs an environment variable that is not set
/// (see <see cref="RequiresEnvironmentAttribute"/>). xunit v2 has no dynamic skip; the discoverer decides.
/// </summary>
[XunitTestCaseDiscoverer("Triage.Storage.Elasticsearch.Tests.Contract.StoreFactDiscoverer", "Triage.Storage.Elasticsearch.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StoreFactAttribute : FactAttribute
{
}
