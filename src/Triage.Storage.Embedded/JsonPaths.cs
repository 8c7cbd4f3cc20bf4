using System.Globalization;
using System.Text;

namespace Triage.Storage.Embedded;

/// <summary>SQLite JSON paths for attribute names, passed as parameters rather than spliced into SQL.</summary>
internal static class JsonPaths
{
    /// <summary>
    /// <c>$."name"</c> with <c>\</c>, <c>"</c> and control characters escaped, so any key works
    /// (dots, dashes, quotes, even NUL, which would otherwise end the C string of the path).
    /// </summary>
    public static string ForKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = new StringBuilder(name.Length + 5).Append("$.\"");
        foreach (var c in name)
        {
            _ = c switch
            {
                '\\' => path.Append("\\\\"),
                '"' => path.Append("\\\""),
                < ' ' => path.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => path.Append(c),
            };
        }

        return path.Append('"').ToString();
    }
}
