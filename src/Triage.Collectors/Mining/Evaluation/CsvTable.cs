using System.Text;

namespace Triage.Collectors.Mining.Evaluation;

/// <summary>An RFC 4180 CSV file read whole: header names and rows (quoted fields, <c>""</c> escapes, LF or CRLF).</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(List<string> header, List<string[]> rows)
    {
        _columns = header.Select((name, i) => (name, i)).GroupBy(x => x.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    break;
                default:
                    field.Append(c);
                    any = true;
                    break;
            }
        }

        EndRecord();
        return records.Count == 0 ? new CsvTable([], []) : new CsvTable([.. records[0]], records.Skip(1).ToList());

        void EndRecord()
        {
            if (any || fields.Count > 0)
            {
                fields.Add(field.ToString());
                records.Add([.. fields]);
            }

            fields.Clear();
            field.Clear();
            any = false;
        }
    }

    /// <summary>The values of column <paramref name="name"/>, in row order; throws <see cref="InvalidDataException"/> when it is missing.</summary>
    public IReadOnlyList<string> Column(string name)
    {
        if (!_columns.TryGetValue(name, out var index))
        {
            throw new InvalidDataException($"CSV has no column '{name}'.");
        }

        return Rows.Select(r => index < r.Length ? r[index] : string.Empty).ToList();
    }
}
