namespace Triage.Dumps;

/// <summary>What ClrMD finds in a .NET process's dump.</summary>
/// <param name="RuntimeVersion">CLR version.</param>
/// <param name="ExceptionType">Type of the exception on the crashing (or first) thread that has one, or null.</param>
/// <param name="ExceptionMessage">Its message (bounded), or null.</param>
/// <param name="ThreadId">The thread holding it, or null.</param>
/// <param name="Stack">Its managed stack, innermost first (method names).</param>
public sealed record ManagedInfo(string RuntimeVersion, string? ExceptionType, string? ExceptionMessage, int? ThreadId, IReadOnlyList<string> Stack);
