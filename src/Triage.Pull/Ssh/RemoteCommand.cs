using System.Text;

namespace Triage.Pull.Ssh;

/// <summary>
/// Builds the one string an SSH exec request carries from a fixed program and its arguments, each
/// single-quoted for the remote POSIX shell (<c>'</c> becomes <c>'\''</c>), so no argument — a path, a
/// time, a journal cursor — can become shell syntax. Arguments with NUL or line ends are refused.
/// </summary>
public static class RemoteCommand
{
    /// <summary>The quoted command line.</summary>
    /// <exception cref="ArgumentException">An argument holds NUL, CR or LF.</exception>
    public static string Build(string program, IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        var text = new StringBuilder(Quote(program));
        foreach (var argument in arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    /// <summary>One argument in single quotes.</summary>
    /// <exception cref="ArgumentException">The argument holds NUL, CR or LF.</exception>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
        {
            throw new ArgumentException("a remote argument may not hold NUL or line ends", nameof(argument));
        }

        return "'" + argument.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }
}
