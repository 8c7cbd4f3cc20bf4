namespace Triage.Collectors.Collection;

/// <summary>A file found under the run directory, with what planning needs to know about it.</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="Path">Path relative to the run directory, '/' separators.</param>
/// <param name="Length">Length in bytes (compressed length for gzip).</param>
/// <param name="LastWriteUtc">Last write time, used to infer years of year-less stamps.</param>
/// <param name="Format">What its content is.</param>
/// <param name="Head">Its first bytes (at most <see cref="FileSniffer.HeadBytes"/>), raw (compressed for gzip).</param>
internal sealed record DiscoveredFile(string FullPath, string Path, long Length, DateTimeOffset LastWriteUtc, SourceFormat Format, byte[] Head);
