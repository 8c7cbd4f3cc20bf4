namespace Triage.Collectors.Lines;

/// <summary>
/// The level a line gives itself (a dmesg <c>kern  :err   :</c> prefix, glog's <c>E0321</c>,
/// <c>NCCL INFO</c>, <c>level=info</c>, <c>[WARNING]</c>, ...), as far as it says one. It decides how a
/// line no rule knows is kept before any word in the message does: an INFO line that says
/// "Failed to find ncclNetPlugin_v8 symbol" is not an error.
/// </summary>
internal enum LineLevel
{
    /// <summary>The line names no level.</summary>
    None = 0,

    /// <summary>Debug or trace.</summary>
    Debug,

    /// <summary>Info or notice.</summary>
    Info,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Error, critical, alert, emergency, fatal.</summary>
    Error,
}
