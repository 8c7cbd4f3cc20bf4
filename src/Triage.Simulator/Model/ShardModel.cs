using System.Globalization;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Model;

/// <summary>
/// Which data shard each data-parallel replica reads at each step: a stateless hash of (step,
/// replica), so the manifest can be written lazily at any scale, plus the few (step, replica)
/// pairs an incident pins to a particular shard.
/// </summary>
internal sealed class ShardModel
{
    private readonly string[] _shards;
    private readonly ulong _seed;
    private readonly Dictionary<(long Step, int Dp), string> _forced = [];
    private Dictionary<string, int>? _index;

    public ShardModel(ulong seed)
    {
        _seed = seed;
        var rng = Rng.For(seed, 21);
        var web = rng.Between(240, 420);
        var code = rng.Between(60, 120);
        var books = rng.Between(20, 60);
        var list = new List<string>(web + code + books);
        for (var i = 1; i <= web; i++)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"web-{i:0000}"));
        }

        for (var i = 1; i <= code; i++)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"code-{i:0000}"));
        }

        for (var i = 1; i <= books; i++)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"books-{i:0000}"));
        }

        _shards = [.. list];
    }

    public IReadOnlyList<string> All => _shards;

    public string ShardOf(long step, int dp) =>
        _forced.TryGetValue((step, dp), out var s) ? s : _shards[(int)(Rng.Hash(_seed, 22, (ulong)step, (ulong)dp) % (ulong)_shards.Length)];

    /// <summary>The shard's position in the corpus (its numeric id in styles that number shards).</summary>
    public int IndexOf(string shard)
    {
        _index ??= _shards.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        return _index.TryGetValue(shard, out var i) ? i : -1;
    }

    public void Force(long step, int dp, string shard) => _forced[(step, dp)] = shard;

    public string Pick(Rng rng, string prefix)
    {
        var candidates = _shards.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        return rng.Pick(candidates);
    }

    /// <summary>Batch id of a replica's batch at a step (stable across restarts: the loader replays from the checkpoint).</summary>
    public static string BatchId(long step, int dp) => string.Create(CultureInfo.InvariantCulture, $"b{step:000000}{dp:0000}");

    public (double Mean, int Max) SeqLen(long step, int dp)
    {
        var u = Rng.Unit(_seed, 23, (ulong)step, (ulong)dp);
        var max = u < 0.7 ? 8192 : u < 0.95 ? 4096 : 16384;
        var mean = Math.Round(1400 + (Rng.Unit(_seed, 24, (ulong)step, (ulong)dp) * 1500), 1);
        return (mean, max);
    }
}
