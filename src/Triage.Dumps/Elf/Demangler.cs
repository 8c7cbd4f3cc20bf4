namespace Triage.Dumps.Elf;

/// <summary>
/// A small Itanium C++ demangler for function names: nested and plain names, constructors and
/// destructors, without parameters (<c>_ZN2at6native10sum_kernelEPKfm</c> → <c>at::native::sum_kernel</c>).
/// Names it does not understand (templates, operators, lambdas) are returned as they are.
/// </summary>
internal static class Demangler
{
    public static string Demangle(string name)
    {
        if (!name.StartsWith("_Z", StringComparison.Ordinal) || name.Length > 4096)
        {
            return name;
        }

        var at = 2;
        var parts = new List<string>();
        if (at < name.Length && name[at] == 'N')
        {
            at++;
            while (at < name.Length && name[at] is 'r' or 'V' or 'K' or 'R' or 'O')
            {
                at++;
            }

            while (at < name.Length && name[at] != 'E')
            {
                if (name[at] == 'C' || name[at] == 'D')
                {
                    if (parts.Count == 0)
                    {
                        return name;
                    }

                    parts.Add((name[at] == 'D' ? "~" : string.Empty) + parts[^1]);
                    at += 2;
                }
                else if (!TryName(name, ref at, parts))
                {
                    return name;
                }
            }
        }
        else if (!TryName(name, ref at, parts))
        {
            return name;
        }

        return parts.Count == 0 ? name : string.Join("::", parts);
    }

    private static bool TryName(string name, ref int at, List<string> parts)
    {
        if (string.CompareOrdinal(name, at, "St", 0, 2) == 0)
        {
            parts.Add("std");
            at += 2;
            return true;
        }

        var start = at;
        var length = 0;
        while (at < name.Length && char.IsAsciiDigit(name[at]) && at - start < 5)
        {
            length = (length * 10) + (name[at] - '0');
            at++;
        }

        if (at == start || length == 0 || at + length > name.Length)
        {
            return false;
        }

        var part = name.Substring(at, length);
        parts.Add(part.StartsWith("_GLOBAL__N", StringComparison.Ordinal) ? "(anonymous namespace)" : part);
        at += length;
        return true;
    }
}
