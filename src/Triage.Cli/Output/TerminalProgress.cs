using System.Globalization;
using Triage.Collectors.Collection;

namespace Triage.Cli.Output;

/// <summary>One self-overwriting progress line on stderr, at most five updates a second.</summary>
internal sealed class TerminalProgress(CliEnvironment env) : IProgress<CollectProgress>
{
    private long _lastTicks = long.MinValue;
    private int _width;

    public void Report(CollectProgress value)
    {
        var now = env.Time.GetTimestamp();
        if (value.CurrentPath is not null && env.Time.GetElapsedTime(_lastTicks, now) < TimeSpan.FromMilliseconds(200) && _lastTicks != long.MinValue)
        {
            return;
        }

        _lastTicks = now;
        var path = Triage.Text.TerminalText.Sanitize(value.CurrentPath, 40);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"collecting {value.FilesDone}/{value.FilesTotal} files, {Commands.CollectCommand.Bytes(value.BytesRead)}, {value.Symptoms} symptoms {path}");
        env.Error.Write("\r" + line.PadRight(_width));
        _width = line.Length;
    }

    public void Clear()
    {
        if (_width > 0)
        {
            env.Error.Write("\r" + new string(' ', _width) + "\r");
        }
    }
}
