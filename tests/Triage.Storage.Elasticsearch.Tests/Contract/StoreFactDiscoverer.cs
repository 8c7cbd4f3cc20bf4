using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>Discovers a <see cref="StoreFactAttribute"/> test as a normal test case, or as a skipped one when its class's environment is missing.</summary>
public sealed class StoreFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnostics = diagnosticMessageSink;
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var reason = type?.GetCustomAttribute<RequiresEnvironmentAttribute>()?.SkipReason();
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return reason is null
            ? new XunitTestCase(_diagnostics, display, displayOptions, testMethod)
            : new SkippedTestCase(_diagnostics, display, displayOptions, testMethod, reason);
    }
}
