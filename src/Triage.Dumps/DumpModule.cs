namespace Triage.Dumps;

/// <summary>A mapped executable or shared library.</summary>
/// <param name="Path">Path as the dump names it.</param>
/// <param name="Base">Lowest mapped address.</param>
/// <param name="End">End of the highest mapping.</param>
/// <param name="BuildId">GNU build id (hex), from the dump's memory or else the file on disk; null when neither holds it.</param>
/// <param name="Version">Version from the file name (<c>libnccl.so.2.18.3</c> → <c>2.18.3</c>), or null.</param>
/// <param name="SymbolFile">The file symbols were read from, or null when none was found (or its build id differed).</param>
public sealed record DumpModule(string Path, ulong Base, ulong End, string? BuildId, string? Version, string? SymbolFile)
{
    /// <summary>File name of <see cref="Path"/>.</summary>
    public string Name => System.IO.Path.GetFileName(Path);
}
