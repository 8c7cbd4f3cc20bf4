using Triage.Collectors.Extraction;
using Triage.Symptoms;

namespace Triage.Collectors.Mining;

/// <summary>
/// The extractor's side of template mining: a warning or error line no rule matched is mined and,
/// within <see cref="ExtractionLimits.MaxUnknownPerSource"/> and
/// <see cref="ExtractionLimits.MaxUnknownPerTemplate"/>, becomes a <c>log.unknown</c> symptom. One
/// miner per source, so the result does not depend on the order files are read in; the template
/// id is a hash of the text, so the same message gets the same id in every file, run and process.
/// Not thread-safe: one instance per extractor.
/// </summary>
internal sealed class UnknownLineMiner(ExtractionLimits limits)
{
    private readonly TemplateMiner _miner = new();
    private readonly Dictionary<string, int> _perTemplate = new(StringComparer.Ordinal);
    private int _emitted;

    public Symptom? TryMine(ReadOnlySpan<char> content, LineContext line, SymptomFactory factory)
    {
        if (_emitted >= limits.MaxUnknownPerSource || UnknownLines.SeverityOf(content) is not { } severity)
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
        var key = line.Info.Rank is { } rank ? template.Id + "/" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : template.Id;
        var seen = _perTemplate.GetValueOrDefault(key);
        if (seen >= limits.MaxUnknownPerTemplate)
        {
            return null;
        }

        _perTemplate[key] = seen + 1;
        _emitted++;
        return factory.CreateUnknown(line, message.ToString(), template, severity);
    }
}
