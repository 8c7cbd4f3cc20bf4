namespace Triage.Dumps;

/// <summary>One frame of a stack, symbolised when a symbol table covers it.</summary>
/// <param name="Index">0 for the innermost frame.</param>
/// <param name="Address">Instruction address (for callers: the return address).</param>
/// <param name="Module">Module file name, or null when the address is in none.</param>
/// <param name="Function">Demangled function name without parameters, or null.</param>
/// <param name="Offset">Offset from the function (or from the module base when there is no function).</param>
/// <param name="Trust">How the frame was found: <c>context</c> (registers), <c>frame-pointer</c>, <c>scan</c> (a stack word after a call instruction), or <c>managed</c>.</param>
public sealed record DumpFrame(int Index, ulong Address, string? Module, string? Function, ulong Offset, string Trust)
{
    /// <summary><c>module!function+0xoff</c>, <c>module+0xoff</c>, a managed method's name, or the bare address.</summary>
    public override string ToString() => (Module, Function) switch
    {
        (_, not null) when Trust == "managed" => Function,
        (not null, not null) => $"{Module}!{Function}+0x{Offset:x}",
        (not null, null) => $"{Module}+0x{Offset:x}",
        (null, not null) => $"{Function}+0x{Offset:x}",
        _ => $"0x{Address:x}",
    };
}
