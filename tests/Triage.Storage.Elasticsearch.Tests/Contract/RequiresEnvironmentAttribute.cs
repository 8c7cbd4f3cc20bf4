namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>On a contract test class: its tests are skipped, with <see cref="Reason"/>, unless the variable is set.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresEnvironmentAttribute : Attribute
{
    public RequiresEnvironmentAttribute(string variable, string reason)
    {
        Variable = variable;
        Reason = reason;
    }

    public string Variable { get; }

    public string Reason { get; }

    /// <summary>Null when the variable is set, else the skip reason.</summary>
    public string? SkipReason() => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)) ? $"{Variable} is not set: {Reason}" : null;
}
