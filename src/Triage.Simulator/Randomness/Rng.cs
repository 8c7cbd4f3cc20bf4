namespace Triage.Simulator.Randomness;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose sequence is the same on
/// every platform and .NET version (System.Random's is not promised to be), so the same seed gives
/// byte-identical runs. Not thread-safe.
/// </summary>
internal sealed class Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator for a named sub-stream, so adding draws in one part does not shift another.</summary>
    public static Rng For(ulong seed, params ReadOnlySpan<ulong> keys) => new(Hash(seed, keys));

    public ulong NextU64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextU64() % (ulong)max);

    /// <summary>Uniform in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    public double Between(double min, double max) => min + (NextDouble() * (max - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A stateless hash of a seed and keys (for values computed lazily, e.g. per rank and step).</summary>
    public static ulong Hash(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        var x = seed ^ 0x9E3779B97F4A7C15UL;
        var h = SplitMix(ref x);
        foreach (var k in keys)
        {
            x = h ^ (k * 0xD1B54A32D192ED03UL);
            h = SplitMix(ref x);
        }

        return h;
    }

    /// <summary>A stateless uniform value in [0, 1) for a seed and keys.</summary>
    public static double Unit(ulong seed, params ReadOnlySpan<ulong> keys) => (Hash(seed, keys) >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
