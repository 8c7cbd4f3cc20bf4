using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

/// <summary>Field-by-field comparison: records compare their attribute dictionaries by reference.</summary>
internal static class SymptomAssert
{
    public static void Equal(Symptom expected, Symptom? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Attrs = actual.Attrs }, actual);
        Assert.Equal(
            expected.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal),
            actual.Attrs.OrderBy(a => a.Key, StringComparer.Ordinal));
    }
}
