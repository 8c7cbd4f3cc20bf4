using System.Globalization;
using Triage.Text;

namespace Triage.Tui.ViewModels;

/// <summary>
/// The raw line of a symptom with the lines around it, read from the source file
/// (<c>path:line</c>) and sanitised for the terminal. Reads the file as a stream and stops after
/// the excerpt; never throws for a missing or unreadable file (the excerpt says why instead).
/// </summary>
internal static class SourceExcerpt
{
    public const int Context = 5;
    public const int MaxLineLength = 2048;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<IReadOnlyList<string>> ReadAsync(string? runDirectory, string relativePath, long line, CancellationToken cancellationToken)
    {
        if (runDirectory is null)
        {
            return [$"(the run directory is not known; start 'triage tui RUN_DIR' to read {TerminalText.Sanitize(relativePath)}:{line.ToString(Inv)})"];
        }

        var path = Path.GetFullPath(Path.Combine(runDirectory, relativePath));
        var result = new List<string>();
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            long number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                number++;
                if (number >= line - Context)
                {
                    var marker = number == line ? ">" : " ";
                    result.Add(string.Create(Inv, $"{marker}{number,7} │ {TerminalText.Sanitize(text, MaxLineLength)}"));
                }

                if (number >= line + Context)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return [$"(cannot read {TerminalText.Sanitize(path)}: {TerminalText.Sanitize(ex.Message)})"];
        }

        return result.Count == 0 ? [string.Create(Inv, $"({TerminalText.Sanitize(path)} has fewer than {line} lines)")] : result;
    }
}
