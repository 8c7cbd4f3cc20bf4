using System.Globalization;
using Triage.Pull;

namespace Triage.Cli.Output;

/// <summary>A self-overwriting progress bar on stderr for a pull over many nodes, at most five updates a second.</summary>
internal sealed class PullProgressBar(CliEnvironment env) : IProgress<PullProgress>
{
    private const int BarWidth = 24;
    private readonly Lock _gate = new();
    private long _lastTicks = long.MinValue;
    private int _width;

    public void Report(PullProgress value)
    {
        lock (_gate)
        {
            var now = env.Time.GetTimestamp();
            if (value.Done < value.Total && _lastTicks != long.MinValue && env.Time.GetElapsedTime(_lastTicks, now) < TimeSpan.FromMilliseconds(200))
            {
                return;
            }

            _lastTicks = now;
            var filled = value.Total == 0 ? BarWidth : (int)((long)value.Done * BarWidth / value.Total);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"pulling [{new string('#', filled)}{new string('.', BarWidth - filled)}] {value.Done}/{value.Total} nodes, {value.Failed} failed, {value.Symptoms} symptoms {Triage.Text.TerminalText.Sanitize(value.Node, 30)}");
            env.Error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                env.Error.Write("\r" + new string(' ', _width) + "\r");
            }
        }
    }
}
