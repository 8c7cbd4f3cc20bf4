using System.Globalization;
using System.Text.RegularExpressions;
using Triage.Symptoms;

namespace Triage.Rules.Loading;

/// <summary>Typed reads of YAML scalars with errors that name the key and point at the node.</summary>
internal static partial class YamlScalars
{
    public static string String(YamlNode node, LoadContext context, string key)
    {
        if (node.Kind != YamlNodeKind.Scalar)
        {
            throw context.Error(node, $"'{key}' must be a string, found {node.Describe()}");
        }

        return node.Value;
    }

    public static bool Bool(YamlNode node, LoadContext context, string key)
    {
        var text = String(node, context, key);
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw context.Error(node, $"'{key}' must be true or false, found '{text}'"),
        };
    }

    public static int Int(YamlNode node, LoadContext context, string key, int min, int max)
    {
        var text = String(node, context, key);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw context.Error(node, $"'{key}' must be an integer, found '{text}'");
        }

        if (value < min || value > max)
        {
            throw context.Error(node, $"'{key}' must be between {min} and {max}, found {value}");
        }

        return value;
    }

    public static Severity Severity(YamlNode node, LoadContext context, string key)
    {
        var text = String(node, context, key);
        return Names.TryParse<Severity>(text, out var severity)
            ? severity
            : throw context.Error(node, $"unknown severity '{text}' (expected {string.Join(", ", Names.All<Severity>())})");
    }

    public static SymptomCategory Category(YamlNode node, LoadContext context, string key)
    {
        var text = String(node, context, key);
        return Names.TryParse<SymptomCategory>(text, out var category)
            ? category
            : throw context.Error(node, $"unknown category '{text}' (expected {string.Join(", ", Names.All<SymptomCategory>())})");
    }

    /// <summary>A mapping of attribute names to scalar values (<c>attrs:</c>, test attrs).</summary>
    public static Dictionary<string, string> StringMap(YamlNode node, LoadContext context, string key)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(node, $"'{key}' must be a mapping, found {node.Describe()}");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            var name = AttrName(entry.Key, context);
            map[name] = String(entry.Value, context, $"{key}.{name}");
        }

        return map;
    }

    /// <summary>An attribute name: letters, digits and underscores, like a regex group name.</summary>
    public static string AttrName(YamlNode node, LoadContext context)
    {
        var name = String(node, context, "attribute name");
        if (!AttrNamePattern().IsMatch(name))
        {
            throw context.Error(node, $"invalid attribute name '{name}' (letters, digits and '_', not starting with a digit)");
        }

        return name;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttrNamePattern();
}
