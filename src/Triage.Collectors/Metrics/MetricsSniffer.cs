using Triage.Collectors.Json;

namespace Triage.Collectors.Metrics;

/// <summary>Recognises metrics files from their first bytes. Never throws.</summary>
internal static class MetricsSniffer
{
    /// <summary>Lines of a text head looked at.</summary>
    public const int SniffLines = 20;

    /// <summary>The format of a file starting with <paramref name="head"/>; <paramref name="complete"/> says the head is the whole file.</summary>
    public static MetricsFormat Sniff(ReadOnlySpan<byte> head, bool complete)
    {
        if (TfEventsSource.Looks(head))
        {
            return MetricsFormat.TfEvents;
        }

        var first = head.IndexOf((byte)'\n');
        if (first < 0 && !complete)
        {
            return MetricsFormat.None;
        }

        var firstLine = first < 0 ? head : head[..first];
        if (firstLine.TrimStart(" \t"u8).StartsWith("{"u8))
        {
            return JsonLinesSniffer.Classify(head, complete, SniffLines) == JsonLinesKind.Metrics ? MetricsFormat.Jsonl : MetricsFormat.None;
        }

        return firstLine.IndexOf((byte)',') > 0 && CsvMetricsSource.Header(firstLine) is not null && SecondLineIsNumeric(head[(first + 1)..])
            ? MetricsFormat.Csv
            : MetricsFormat.None;
    }

    private static bool SecondLineIsNumeric(ReadOnlySpan<byte> rest)
    {
        var end = rest.IndexOf((byte)'\n');
        var line = end < 0 ? rest : rest[..end];
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return end < 0; // a header alone: a metrics file that has not been written yet
        }

        var digits = 0;
        foreach (var b in line)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
        }

        return digits * 2 >= line.Length;
    }
}
