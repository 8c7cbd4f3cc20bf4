using System.Text;

namespace Triage.Rules.Loading;

/// <summary>
/// What extraction and causal rule files share on the way in: which files a directory holds, reading
/// them within <see cref="RuleLimits.MaxFileBytes"/>, and the <c>schemaVersion</c> check. Errors
/// name the file as a "what" file (<c>rule</c>, <c>causal rule</c>).
/// </summary>
internal static class RuleFileSource
{
    /// <summary>The <c>*.yaml</c> and <c>*.yml</c> files directly in <paramref name="directory"/>, sorted by name (ordinal).</summary>
    public static List<string> ListYaml(string directory, string what)
    {
        var paths = new List<string>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var extension = Path.GetExtension(path);
                if (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
                {
                    paths.Add(path);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RuleLoadException(directory, 0, 0, null, $"cannot list {what} directory: " + ex.Message, ex);
        }

        paths.Sort(static (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return paths;
    }

    /// <summary>Reads each file's text, lazily, in order.</summary>
    public static IEnumerable<(string Path, string Yaml)> Read(IEnumerable<string> paths, string what)
    {
        foreach (var path in paths)
        {
            ArgumentNullException.ThrowIfNull(path);
            string text;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw new RuleLoadException(path, 0, 0, null, $"{what} file not found");
                }

                if (info.Length > RuleLimits.MaxFileBytes)
                {
                    throw new RuleLoadException(path, 0, 0, null, $"{what} file larger than {RuleLimits.MaxFileBytes} bytes");
                }

                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new RuleLoadException(path, 0, 0, null, $"cannot read {what} file: " + ex.Message, ex);
            }

            yield return (path, text);
        }
    }

    /// <summary>Checks the file's <c>schemaVersion</c> against <paramref name="supported"/> and returns it.</summary>
    public static int ReadSchemaVersion(YamlNode root, LoadContext context, int supported, string what)
    {
        if (root.Kind != YamlNodeKind.Mapping)
        {
            throw context.Error(root, $"a {what} file must be a mapping, found {root.Describe()}");
        }

        foreach (var entry in root.Entries)
        {
            if (entry.Key.Value == "schemaVersion" && !entry.Value.IsNull)
            {
                var version = YamlScalars.Int(entry.Value, context, "schemaVersion", int.MinValue, int.MaxValue);
                if (version != supported)
                {
                    throw context.Error(entry.Value, $"unsupported schemaVersion {version} (this version of triage reads {supported})");
                }

                return version;
            }
        }

        throw context.Error(root, $"{what} file is missing required key 'schemaVersion'");
    }
}
