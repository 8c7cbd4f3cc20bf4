using System.Collections.Frozen;

namespace Triage.Rules.Matching;

/// <summary>The compiled <c>map:</c> section: category, severity and attributes chosen by one attribute's value.</summary>
/// <param name="Attr">The attribute whose value is looked up (exact, ordinal).</param>
/// <param name="Values">Entries by value.</param>
/// <param name="Default">Used when the value is missing or not listed; may be null.</param>
internal sealed record AttrMap(string Attr, FrozenDictionary<string, AttrMapEntry> Values, AttrMapEntry? Default)
{
    public AttrMapEntry? Lookup(IReadOnlyDictionary<string, string> attrs) =>
        attrs.TryGetValue(Attr, out var value) && Values.TryGetValue(value, out var entry) ? entry : Default;
}
