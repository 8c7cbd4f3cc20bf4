using System.Collections.Frozen;
using System.Text;
using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>
/// Which symptoms one side (cause or effect) of a <see cref="CausalRule"/> matches. Every part that
/// is set must hold (AND); within a list any value will do (OR); an empty list or an unset part
/// matches anything, so <c>new CausalMatch()</c> matches every symptom. Immutable and thread-safe.
/// Equality compares the contents of the lists and of <see cref="Attrs"/>.
/// </summary>
public sealed record CausalMatch
{
    private static readonly IReadOnlyDictionary<string, string> NoAttrs = FrozenDictionary<string, string>.Empty;

    private readonly IReadOnlyList<string> _kinds = [];
    private readonly FrozenSet<string> _exactKinds = FrozenSet<string>.Empty;
    private readonly string[] _kindPrefixes = [];
    private readonly IReadOnlyList<SymptomCategory> _categories = [];
    private readonly IReadOnlyDictionary<string, string> _attrs = NoAttrs;

    /// <summary>
    /// Kind names (<see cref="SymptomKinds"/>), or family wildcards such as <c>gpu.*</c> (every kind
    /// whose name starts with <c>gpu.</c>). Empty (the default) = any kind.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<string> Kinds
    {
        get => _kinds;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _kinds = value;
            var exact = new HashSet<string>(StringComparer.Ordinal);
            var prefixes = new List<string>();
            foreach (var kind in value)
            {
                ArgumentNullException.ThrowIfNull(kind, nameof(value));
                if (IsWildcard(kind))
                {
                    prefixes.Add(kind[..^1]);
                }
                else
                {
                    exact.Add(kind);
                }
            }

            _exactKinds = exact.ToFrozenSet(StringComparer.Ordinal);
            _kindPrefixes = [.. prefixes];
        }
    }

    /// <summary>Categories the symptom must have one of. Empty (the default) = any category.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<SymptomCategory> Categories
    {
        get => _categories;
        init => _categories = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The least severity the symptom must have; null (the default) = any severity.</summary>
    public Severity? MinSeverity { get; init; }

    /// <summary>Attribute values the symptom must have exactly (ordinal), e.g. <c>xid: "79"</c>. Empty (the default) = no condition.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyDictionary<string, string> Attrs
    {
        get => _attrs;
        init => _attrs = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True when <paramref name="kind"/> is a family wildcard such as <c>gpu.*</c>.</summary>
    public static bool IsWildcard(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Length > 2 && kind.EndsWith(".*", StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="symptom"/> satisfies every part of this match.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="symptom"/> is null.</exception>
    public bool Matches(Symptom symptom)
    {
        ArgumentNullException.ThrowIfNull(symptom);
        if (!MatchesKind(symptom.Kind))
        {
            return false;
        }

        if (MinSeverity is { } min && symptom.Severity < min)
        {
            return false;
        }

        if (_categories.Count > 0 && !Contains(_categories, symptom.Category))
        {
            return false;
        }

        foreach (var (key, expected) in _attrs)
        {
            if (!symptom.Attrs.TryGetValue(key, out var actual) || !string.Equals(actual, expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a symptom of kind <paramref name="kind"/> passes <see cref="Kinds"/> (other parts not checked).</summary>
    public bool MatchesKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (_kinds.Count == 0 || _exactKinds.Contains(kind))
        {
            return true;
        }

        foreach (var prefix in _kindPrefixes)
        {
            if (kind.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The built-in kinds (<see cref="SymptomKinds.All"/>) this match can accept: wildcards expanded,
    /// every built-in kind when <see cref="Kinds"/> is empty. Names that are not built-in are kept as given.
    /// </summary>
    public IReadOnlySet<string> ConcreteKinds()
    {
        var kinds = new HashSet<string>(_exactKinds, StringComparer.Ordinal);
        foreach (var kind in SymptomKinds.All)
        {
            if (MatchesKind(kind.Name))
            {
                kinds.Add(kind.Name);
            }
        }

        return kinds;
    }

    /// <summary>Equal when kinds and categories are equal in order, severities equal and attrs have the same entries.</summary>
    public bool Equals(CausalMatch? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return _kinds.SequenceEqual(other._kinds, StringComparer.Ordinal)
            && _categories.SequenceEqual(other._categories)
            && MinSeverity == other.MinSeverity
            && _attrs.Count == other._attrs.Count
            && _attrs.All(a => other._attrs.TryGetValue(a.Key, out var v) && string.Equals(v, a.Value, StringComparison.Ordinal));
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var kind in _kinds)
        {
            hash.Add(kind, StringComparer.Ordinal);
        }

        foreach (var category in _categories)
        {
            hash.Add(category);
        }

        hash.Add(MinSeverity);
        hash.Add(_attrs.Count);
        return hash.ToHashCode();
    }

    /// <summary>A short description, e.g. <c>kinds [gpu.lost, gpu.xid] minSeverity critical</c>, or <c>any</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (_kinds.Count > 0)
        {
            text.Append("kinds [").AppendJoin(", ", _kinds).Append(']');
        }

        if (_categories.Count > 0)
        {
            text.Append(text.Length > 0 ? " " : string.Empty).Append("categories [").AppendJoin(", ", _categories.Select(c => Names.Of(c))).Append(']');
        }

        if (MinSeverity is { } min)
        {
            text.Append(text.Length > 0 ? " " : string.Empty).Append("minSeverity ").Append(Names.Of(min));
        }

        if (_attrs.Count > 0)
        {
            text.Append(text.Length > 0 ? " " : string.Empty).Append("attrs {")
                .AppendJoin(", ", _attrs.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + ": " + a.Value)).Append('}');
        }

        return text.Length == 0 ? "any" : text.ToString();
    }

    private static bool Contains(IReadOnlyList<SymptomCategory> categories, SymptomCategory category)
    {
        foreach (var candidate in categories)
        {
            if (candidate == category)
            {
                return true;
            }
        }

        return false;
    }
}
