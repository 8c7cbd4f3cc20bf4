namespace Triage.Collectors.Collection;

/// <summary>A progress report: files done of total, bytes read and symptoms found so far, the current file.</summary>
public sealed record CollectProgress(int FilesDone, int FilesTotal, long BytesRead, long Symptoms, string? CurrentPath);
