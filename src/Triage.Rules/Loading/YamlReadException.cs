namespace Triage.Rules.Loading;

/// <summary>A YAML document that <see cref="YamlTreeReader"/> could not read: malformed, or beyond a limit.</summary>
public sealed class YamlReadException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="line"/>:<paramref name="column"/>.</summary>
    public YamlReadException(int line, int column, string detail, Exception? inner = null)
        : base($"line {line}, column {column}: {detail}", inner)
    {
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Detail { get; }
}
