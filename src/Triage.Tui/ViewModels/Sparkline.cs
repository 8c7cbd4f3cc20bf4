namespace Triage.Tui.ViewModels;

/// <summary>Counts over time as one line of block characters (▁..█; a space for zero).</summary>
internal static class Sparkline
{
    private const string Levels = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<long> bins)
    {
        var max = bins.Count == 0 ? 0 : bins.Max();
        if (max == 0)
        {
            return new string(' ', bins.Count);
        }

        return string.Concat(bins.Select(b => b == 0 ? ' ' : Levels[(int)Math.Clamp(((b * Levels.Length) + max - 1) / max - 1, 0, Levels.Length - 1)]));
    }
}
