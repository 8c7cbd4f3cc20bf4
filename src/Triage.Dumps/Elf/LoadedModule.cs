namespace Triage.Dumps.Elf;

/// <summary>A module in the dumped address space with the file its symbols come from.</summary>
/// <param name="Info">What the report shows.</param>
/// <param name="Bias">Runtime address − image address.</param>
/// <param name="Image">The module file (on disk), or null.</param>
/// <param name="Symbols">Its symbols (from a debug file when one matched the build id), never null.</param>
internal sealed record LoadedModule(DumpModule Info, ulong Bias, ElfImage? Image, SymbolTable Symbols);
