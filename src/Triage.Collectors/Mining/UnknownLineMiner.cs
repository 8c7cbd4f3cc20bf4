using Triage.Collectors.Extraction;
using Triage.Symptoms;

namespace Triage.Collectors.Mining;

/// <summary>
/// The extractor's side of template mining: a warning or error line no rule matched is mined and,
/// within <see cref="ExtractionLimits.MaxUnknownPerSource"/> (for errors and for quieter lines each) and
/// <see cref="ExtractionLimits.MaxUnknownPerTemplate"/>, becomes a <c>log.unknown</c> symptom. One
/// miner per source, so the result does not depend on the order files are read in; the template
/// id is a hash of the text, so the same message gets the same id in every file, run and process.
/// Not thread-safe: one instance per extractor.
/// </summary>
internal sealed class UnknownLineMiner(ExtractionLimits limits)
{
    private readonly TemplateMiner _miner = new();
    private readonly Dictionary<string, int> _perTemplate = new(StringComparer.Ordinal);
    private int _quiet;
    private int _errors;

    public Symptom? TryMine(ReadOnlySpan<char> content, LineContext line, SymptomFactory factory)
    {
        // Errors and the quieter lines (warnings, lines without a level, kept at info) have a budget
        // each: a start-up warning every rank prints must not use up the room of the error that comes
        // hours later.
        if (UnknownLines.SeverityOf(content, line.Info.Level) is not { } severity
            || (severity >= Severity.Error ? _errors : _quiet) >= limits.MaxUnknownPerSource)
        {
            return null;
        }

        var message = content.Trim();
        if (message.IsEmpty)
        {
            return null;
        }

        var template = _miner.Mine(message);
        // Per template and writer: a message all ranks of a host print stays visible on each rank.
        // The writer is the rank, else srun's task label (`35: ...`), as for the symptom itself.
        var key = (line.Info.Rank ?? line.Info.TaskLabel) is { } rank ? template.Id + "/" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : template.Id;
        var seen = _perTemplate.GetValueOrDefault(key);
        if (seen >= limits.MaxUnknownPerTemplate)
        {
            return null;
        }

        _perTemplate[key] = seen + 1;
        if (severity >= Severity.Error)
        {
            _errors++;
        }
        else
        {
            _quiet++;
        }

        return factory.CreateUnknown(line, message.ToString(), template, severity);
    }
}
