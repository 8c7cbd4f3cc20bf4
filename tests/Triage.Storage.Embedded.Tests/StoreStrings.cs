using FsCheck;
using FsCheck.Fluent;

namespace Triage.Storage.Embedded.Tests;

/// <summary>
/// Strings that stress a store: SQL and JSON-path punctuation, NUL and other control characters,
/// non-ASCII letters with tricky case mappings, valid surrogate pairs and lone surrogates.
/// </summary>
public static class StoreStrings
{
    public static Arbitrary<string> Strings()
    {
        var piece = Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
            (2, Gen.Elements("%", "_", "'", "\"", "\\", "$", ".", "[", "]", "-", "*", "|", "\t", "\n")),
            (1, Gen.Choose(0x00, 0x1F).Select(c => ((char)c).ToString())),
            (1, Gen.Elements("Ä", "ß", "Σ", "ς", "ı", "İ", "K", "ſ", "ǅ", "日本", "\u00A0", "\u200B", "\uFEFF", "\uFFFF")),
            (1, Gen.Elements("😀", "𝕏", "\U0010FFFF")),
            (1, Gen.Choose(0xD800, 0xDFFF).Select(c => ((char)c).ToString())));
        return Gen.ArrayOf(piece).Select(string.Concat).ToArbitrary();
    }
}
