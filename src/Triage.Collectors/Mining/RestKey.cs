namespace Triage.Collectors.Mining;

/// <summary>
/// A cluster's tokens except one position, for <see cref="ClusterMerger"/>'s buckets: compared without
/// building a string (consolidation does this for every position of every root).
/// </summary>
internal readonly struct RestKey : IEquatable<RestKey>
{
    private readonly string[] _tokens;
    private readonly int _p;
    private readonly int _hash;

    public RestKey(string[] tokens, int p, int[] tokenHashes)
    {
        _tokens = tokens;
        _p = p;
        var hash = new HashCode();
        for (var i = 0; i < tokenHashes.Length; i++)
        {
            hash.Add(i == p ? 0 : tokenHashes[i]);
        }

        _hash = hash.ToHashCode();
    }

    public bool Equals(RestKey other)
    {
        if (_p != other._p || _tokens.Length != other._tokens.Length)
        {
            return false;
        }

        for (var i = 0; i < _tokens.Length; i++)
        {
            if (i != _p && !string.Equals(_tokens[i], other._tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RestKey other && Equals(other);

    public override int GetHashCode() => _hash;
}
