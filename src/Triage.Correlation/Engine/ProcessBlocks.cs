using System.Globalization;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// A rank's NCCL <c>Init COMPLETE</c> lines come from a new process at each restart: in a file, each
/// new pid starts a process block. Block k of a file that holds one block per attempt is attempt k,
/// which places lines that carry no time (docs/architecture.md §4, step 2).
/// </summary>
internal static class ProcessBlocks
{
    /// <summary>
    /// Process blocks per (file, rank) in line order, from the run-wide communicator only: a
    /// sub-communicator's "rank 3" is not global rank 3.
    /// </summary>
    public static Dictionary<(string Path, int Rank), List<(long Line, int Pid)>> Of(IEnumerable<Symptom> placements)
    {
        var all = placements.Where(p => p.Rank is not null && p.Pid is not null).ToList();
        var world = all.Select(Nranks).DefaultIfEmpty(null).Max();
        var blocks = new Dictionary<(string Path, int Rank), List<(long Line, int Pid)>>();
        foreach (var p in all.Where(p => Nranks(p) is null || Nranks(p) == world).OrderBy(p => p.Source.Line))
        {
            var key = (p.Source.Path, p.Rank!.Value);
            if (!blocks.TryGetValue(key, out var list))
            {
                blocks[key] = list = [];
            }

            if (list.Count == 0 || list[^1].Pid != p.Pid!.Value)
            {
                list.Add((p.Source.Line, p.Pid!.Value));
            }
        }

        return blocks;
    }

    /// <summary>The <c>nranks</c> of a placement (its communicator's size), or null.</summary>
    public static int? Nranks(Symptom placement) =>
        placement.Attrs.TryGetValue("nranks", out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
