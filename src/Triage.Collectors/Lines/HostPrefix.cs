namespace Triage.Collectors.Lines;

/// <summary>
/// The host name pdsh writes in front of every line it relays, <c>worker-1: text</c>: the DeepSpeed launcher's
/// default multi-node runner, e.g. <c>worker-0: [2022-09-08 12:02:16,517] [INFO] [launch.py:142:main] nnodes=2,
/// num_local_procs=1, node_rank=0</c> (stas00/ml-engineering, "emulate multi-node"), and pod names the same way
/// (<c>actor-multi-node-worker-0: [2023-06-21 03:45:55,424] [INFO] ...</c>). It gives the host only: which rank
/// printed the line is another matter (DeepSpeed's <c>global_rank_mapping</c>, see <c>LaunchFacts</c>).
/// </summary>
/// <remarks>
/// Only as the outermost prefix, and only a name that cannot be ordinary text: it starts with a letter (or is
/// a dotted IPv4 address), holds a digit or is <c>localhost</c>, has no '_' (host names cannot), and is not a
/// word that numbers something else (<c>rank3:</c>, <c>GPU0:</c>, <c>eth0:</c>, <c>Epoch1:</c>) or the NVSwitch
/// driver's device (<c>nvidia-nvswitch0:</c>). pdsh writes
/// <c>": "</c> after it; <c>node-01:12345:12345 [0]</c> (NCCL) and <c>12:34:56</c> are not this prefix.
/// </remarks>
internal static class HostPrefix
{
    private const int MaxHostLength = 63;

    private static readonly string[] NotHostWords =
    [
        "rank", "gpu", "cuda", "device", "dev", "step", "epoch", "iter", "iteration", "layer", "eth", "ib", "enp",
        "ens", "eno", "bond", "python", "perl", "ruby", "java", "mlx", "nvme", "sd", "cpu", "core", "stage",
        "loss", "batch", "block", "line", "task", "process", "proc", "thread", "error", "warning", "e", "w", "i",
    ];

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = pos;
        var digits = 0;
        var dots = 0;
        while (p < s.Length && p - pos <= MaxHostLength && (char.IsAsciiLetterOrDigit(s[p]) || s[p] is '-' or '.'))
        {
            digits += char.IsAsciiDigit(s[p]) ? 1 : 0;
            dots += s[p] == '.' ? 1 : 0;
            p++;
        }

        var length = p - pos;
        if (length < 2 || length > MaxHostLength || !Chars.At(s, p, ':') || !Chars.At(s, p + 1, ' '))
        {
            return false;
        }

        var name = s.Slice(pos, length);
        var isAddress = dots == 3 && name.IndexOfAnyExcept("0123456789.") < 0;
        if (!isAddress && (!char.IsAsciiLetter(name[0]) || name[^1] is '.' or '-'
            || (digits == 0 && !name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) || IsNumberedWord(name)
            || IsKernelDevice(name)))
        {
            return false;
        }

        facts.SetHost(pos, length);
        next = p + 2;
        return true;
    }

    /// <summary>
    /// The NVSwitch driver's device name, which the kernel writes where pdsh writes a host
    /// (<c>nvidia-nvswitch0: SXid (PCI:0004:00:00.0): 26006, SOE HALTED</c> when dmesg has no stamp).
    /// </summary>
    private static bool IsKernelDevice(ReadOnlySpan<char> name) =>
        name.StartsWith("nvidia-nvswitch", StringComparison.OrdinalIgnoreCase);

    /// <summary>"GPU0", "rank-3", "eth0": a word that numbers something, then digits only (not zero-padded: "gpu004" is a host).</summary>
    private static bool IsNumberedWord(ReadOnlySpan<char> name)
    {
        var letters = name.IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
        var wordEnd = letters < 0 ? name.Length : letters;
        if (name[wordEnd..].IndexOfAnyExcept("0123456789-") >= 0)
        {
            return false;
        }

        // Devices, ranks and ports are numbered plainly (GPU0, rank12, eth1); a zero-padded number
        // (gpu004, gpu-01) is how clusters name hosts.
        var number = name[wordEnd..].TrimStart('-');
        if (number.Length >= 2 && number[0] == '0')
        {
            return false;
        }

        var word = name[..wordEnd];
        foreach (var candidate in NotHostWords)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
