namespace Triage.Collectors.Mining;

/// <summary>
/// Shapes that make a whole token (brackets, quotes and trailing punctuation already cut off) one
/// variable, whatever its letters: URLs, Windows and UNC paths, e-mail and <c>user@host</c>,
/// IPv6 and MAC addresses, UUIDs, <c>host:port</c> with a dotted host name, and domain names
/// ending in a top-level domain. Only shapes, no product or system names. Stateless; never throws.
/// </summary>
internal static class TokenShapes
{
    /// <summary>True when <paramref name="core"/> as a whole is a value of one of the shapes above.</summary>
    public static bool IsWholeVariable(ReadOnlySpan<char> core)
    {
        if (core.Length < 3)
        {
            return false;
        }

        // Each shape needs one of these characters: check the cheap evidence first, this runs for many tokens.
        var colon = core.Contains(':');
        var dot = core.Contains('.');
        return (core.Length == 36 && IsUuid(core))
            || (core.Length == 17 && IsDashedMac(core))
            || (core.Contains('@') && IsAtAddress(core))
            || ((colon || core.Contains('\\')) && IsWindowsPath(core))
            || (colon && (IsUrl(core) || IsColonHex(core) || (dot && IsHostPort(core))))
            || (dot && IsDomain(core));
    }

    /// <summary><c>scheme://anything</c>.</summary>
    internal static bool IsUrl(ReadOnlySpan<char> core)
    {
        var at = core.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && at + 3 < core.Length && IsLetters(core[..at], allowDigitsAfterFirst: true);
    }

    /// <summary><c>C:\dir\file</c>, <c>\\server\share</c>, or two or more backslash-separated parts.</summary>
    internal static bool IsWindowsPath(ReadOnlySpan<char> core)
    {
        if (core.Length > 3 && char.IsAsciiLetter(core[0]) && core[1] == ':' && core[2] is '\\' or '/')
        {
            return true;
        }

        if (core.StartsWith(@"\\") && core.Length > 2 && char.IsAsciiLetterOrDigit(core[2]))
        {
            return true;
        }

        // dir\dir\file: an escape such as \042 or \n is a character, not a separator.
        var separators = 0;
        for (var i = 0; i + 1 < core.Length; i++)
        {
            separators += core[i] == '\\' && char.IsAsciiLetter(core[i + 1]) && !IsEscapeLetter(core, i) ? 1 : 0;
        }

        return separators >= 2;
    }

    /// <summary><c>user@host.domain</c>, <c>name@host</c>: a word on each side of one <c>@</c>.</summary>
    internal static bool IsAtAddress(ReadOnlySpan<char> core)
    {
        var at = core.IndexOf('@');
        if (at <= 0 || at == core.Length - 1 || core[(at + 1)..].Contains('@'))
        {
            return false;
        }

        var user = core[..at];
        var host = core[(at + 1)..];
        return char.IsAsciiLetterOrDigit(user[^1]) && char.IsAsciiLetterOrDigit(host[0])
            && !user.ContainsAny(" /\\:=()[]{}") && IsHostChars(host);
    }

    /// <summary>IPv6 (<c>fe80::1</c>, <c>2001:db8::8a2e:370:7334</c>, with a <c>%zone</c> or <c>]:port</c>) and MAC (<c>aa:bb:cc:dd:ee:ff</c>).</summary>
    internal static bool IsColonHex(ReadOnlySpan<char> core)
    {
        // [v6]:port: the leading bracket may already be cut off as framing.
        var close = core.IndexOf(']');
        if (close > 0)
        {
            var port = core[(close + 1)..];
            if (port.Length > 0 && (port[0] != ':' || port[1..].ContainsAnyExceptInRange('0', '9')))
            {
                return false;
            }

            core = core[(core[0] == '[' ? 1 : 0)..close];
        }

        if (core.Length == 0)
        {
            return false;
        }

        var zone = core.IndexOf('%');
        core = zone > 0 ? core[..zone] : core;
        var colons = core.Count(':');
        if (colons < 2 || core.ContainsAnyExcept(HexColonDot))
        {
            return false;
        }

        // 12:30:45 is all digits and masked anyway; a pure-letter a:b:c needs :: or 5 colons to count.
        return core.Contains("::", StringComparison.Ordinal) || colons >= 5 || core.IndexOfAnyInRange('0', '9') >= 0;
    }

    /// <summary><c>8-4-4-4-12</c> hex digits.</summary>
    internal static bool IsUuid(ReadOnlySpan<char> core)
    {
        if (core.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? core[i] != '-' : !char.IsAsciiHexDigit(core[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>aa-bb-cc-dd-ee-ff</c>.</summary>
    internal static bool IsDashedMac(ReadOnlySpan<char> core)
    {
        if (core.Length != 17)
        {
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            if (i % 3 == 2 ? core[i] != '-' : !char.IsAsciiHexDigit(core[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>host.domain:port</c> (a dotted host name, not a source file such as <c>Foo.java:42</c>) and
    /// <c>1.2.3.4:port</c>. An undotted <c>name:42</c> is a key and value: the key stays.
    /// </summary>
    internal static bool IsHostPort(ReadOnlySpan<char> core)
    {
        var colon = core.LastIndexOf(':');
        if (colon <= 0 || colon == core.Length - 1 || core.Length - colon - 1 > 5 || core[(colon + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var host = core[..colon];
        if (!host.Contains('.') || !IsHostChars(host) || host[0] == '.' || host[^1] == '.')
        {
            return false;
        }

        var last = LastLabel(host);
        if (InLower(FileExtensions, last))
        {
            return false;
        }

        // A class name (org.example.Server:80) has capitals; host names are written in lower case.
        return IsDomain(host) || !host.ContainsAnyInRange('A', 'Z');
    }

    /// <summary><c>name.example.com</c>, <c>mail.example.co.uk</c>: 2+ labels ending in a known top-level domain.</summary>
    internal static bool IsDomain(ReadOnlySpan<char> core)
    {
        if (!core.Contains('.') || core[0] == '.' || core[^1] == '.' || core.Contains("..", StringComparison.Ordinal) || !IsHostChars(core))
        {
            return false;
        }

        var last = LastLabel(core);
        return IsLetters(last, allowDigitsAfterFirst: false) && InLower(TopLevel, last);
    }

    /// <summary><c>backup.exe</c>, <c>train.py</c>, <c>libfoo.so</c>: a name and a known file extension, nothing else.</summary>
    public static bool IsFileName(string token)
    {
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || dot == token.Length - 1 || !char.IsAsciiLetterOrDigit(token[0]) || token.AsSpan().ContainsAnyExcept(FileNameChars))
        {
            return false;
        }

        return InLower(FileExtensions, token.AsSpan(dot + 1));
    }

    /// <summary>Whether <paramref name="word"/>, lower-cased, is in <paramref name="set"/> (no allocation: this runs for every dotted token).</summary>
    private static bool InLower(HashSet<string> set, ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 16)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower);
    }

    private static ReadOnlySpan<char> LastLabel(ReadOnlySpan<char> host) => host[(host.LastIndexOf('.') + 1)..];

    private static bool IsHostChars(ReadOnlySpan<char> host) => host.Length > 0 && !host.ContainsAnyExcept(HostChars);

    private static bool IsLetters(ReadOnlySpan<char> s, bool allowDigitsAfterFirst)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetter(c) || (allowDigitsAfterFirst && (char.IsAsciiDigit(c) || c is '+' or '-' or '.'))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>\n</c>, <c>\t</c>, <c>\r</c> and friends: C escapes, not path separators.</summary>
    private static bool IsEscapeLetter(ReadOnlySpan<char> s, int backslash) =>
        s[backslash + 1] is 'n' or 't' or 'r' or 'x' or 'u' && (backslash + 2 >= s.Length || !char.IsAsciiLetter(s[backslash + 2]));

    private static readonly System.Buffers.SearchValues<char> HexColonDot =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    private static readonly System.Buffers.SearchValues<char> FileNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+");

    private static readonly System.Buffers.SearchValues<char> HostChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>
    /// Generic top-level domains, the private suffixes of internal networks, and country domains that
    /// are not also common words or key names (<c>.id</c>, <c>.is</c>, <c>.io</c>, <c>.in</c> end many
    /// dotted configuration keys and package names, so those are left out).
    /// </summary>
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "arpa",
        "local", "localdomain", "lan", "internal", "intranet", "corp",
        "uk", "de", "fr", "jp", "cn", "ru", "br", "au", "ca", "nl", "es", "se", "ch", "hk", "tw", "kr", "sg", "nz", "za",
        "pl", "cz", "dk", "fi", "be", "ie", "il", "mx", "ar", "cl", "gr", "pt", "ro", "hu", "ua", "tr", "vn", "eu", "su",
    };

    /// <summary>File extensions: <c>Foo.java:42</c> and <c>ProcessGroupNCCL.cpp:1234</c> are a source line, not a host and port.</summary>
    private static readonly HashSet<string> FileExtensions = new(StringComparer.Ordinal)
    {
        "py", "sh", "pl", "rb", "js", "ts", "go", "rs", "cc", "hh", "so", "gz", "xz", "bz", "db", "md", "el", "ml", "hs", "ps",
        "c", "h", "cpp", "hpp", "cxx", "java", "scala", "kt", "cs", "log", "txt", "conf", "cfg", "ini", "json", "xml", "yaml", "yml",
        "jar", "class", "dll", "exe", "sys", "tmp", "bak", "lock", "pid", "sock", "out", "err", "dat", "bin", "img", "iso", "tar", "zip", "pem",
    };
}
