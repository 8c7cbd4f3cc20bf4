using Triage.Text;

namespace Triage.Cli.Output;

/// <summary>
/// A plain text table for terminals: columns padded to their widest cell, the last column free.
/// Every cell is sanitised (log text never reaches the terminal raw) and cut to a maximum width.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const int MaxCell = 60;
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string?[] cells) =>
        _rows.Add(cells.Select((c, i) => TerminalText.Sanitize(c, i == cells.Length - 1 ? 200 : MaxCell)).ToArray());

    public async Task WriteAsync(TextWriter writer)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length - 1 && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        await writer.WriteLineAsync(Format(headers, widths)).ConfigureAwait(false);
        foreach (var row in _rows)
        {
            await writer.WriteLineAsync(Format(row, widths)).ConfigureAwait(false);
        }
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
