using Triage.Dumps.Elf;

namespace Triage.Dumps.Stack;

/// <summary>
/// Walks a thread's stack in a core without unwind tables: frame-pointer chain plus a validated
/// scan. A stack word counts as a return address only when it points into an executable module
/// mapping right after a call instruction; a direct call (<c>call rel32</c>) must also target the
/// function of the frame below (or a stub without a symbol, or a function that tail-jumps to it), which rejects stale words left in
/// unused stack slots. Frame-pointer frames are taken unless the scan finds a closer frame, so
/// code built without frame pointers (libc's abort path) is still walked. Bounded by
/// <see cref="DumpLimits.MaxFrames"/> and <see cref="DumpLimits.MaxStackScanBytes"/>.
/// </summary>
internal sealed class StackWalker(ElfCoreFile core, ModuleMap modules, DumpLimits limits)
{
    private const int TailCallWindow = 128;

    public List<DumpFrame> Walk(DumpThread thread, bool arm)
    {
        var r = thread.Registers;
        var pc = Get(r, arm ? "pc" : "rip");
        var sp = Get(r, arm ? "sp" : "rsp");
        var bp = Get(r, arm ? "x29" : "rbp");
        var frames = new List<DumpFrame> { Frame(0, pc, "context", isReturn: false) };
        var stackEnd = core.Find(sp) is { } seg ? seg.End : sp;
        var scanBudget = limits.MaxStackScanBytes;
        if (arm && Get(r, "x30") is var lr && modules.IsExecutable(lr))
        {
            // The link register holds the caller of a leaf; it may repeat the frame record's, which is dropped below.
            frames.Add(Frame(1, lr, "context", isReturn: true));
        }

        while (frames.Count < limits.MaxFrames && sp < stackEnd)
        {
            // A return address may be one past its function's end (a call to a noreturn function); look up the call instead.
            var previous = frames.Count > 1 ? frames[^1].Address - 1 : frames[^1].Address;
            ulong fpSlot = 0, fpReturn = 0, fpNext = 0;
            if (bp >= sp && bp < stackEnd && bp % 8 == 0 && core.TryReadUInt64(bp, out fpNext) && core.TryReadUInt64(bp + 8, out fpReturn)
                && (arm ? modules.IsExecutable(fpReturn) : IsCallSite(fpReturn, null)))
            {
                fpSlot = bp + 8;
            }

            var scanTo = fpSlot != 0 ? fpSlot : Math.Min(stackEnd, sp + (ulong)scanBudget);
            var (slot, value) = arm ? (0UL, 0UL) : Scan(sp, scanTo, strictCallee: previous, ref scanBudget);
            string trust;
            if (slot != 0)
            {
                trust = "scan";
                sp = slot + 8;
            }
            else if (fpSlot != 0)
            {
                (slot, value, trust) = (fpSlot, fpReturn, "frame-pointer");
                sp = fpSlot + 8;
                bp = fpNext;
            }
            else
            {
                (slot, value) = arm ? (0UL, 0UL) : Scan(sp, Math.Min(stackEnd, sp + (ulong)scanBudget), strictCallee: null, ref scanBudget);
                if (slot == 0)
                {
                    break;
                }

                trust = "scan";
                sp = slot + 8;
            }

            if (arm && frames.Count == 2 && frames[1].Trust == "context" && value == frames[1].Address)
            {
                continue;
            }

            frames.Add(Frame(frames.Count, value, trust, isReturn: true));
        }

        return frames;
    }

    private (ulong Slot, ulong Value) Scan(ulong from, ulong to, ulong? strictCallee, ref int budget)
    {
        var calleeStart = strictCallee is { } callee ? modules.FunctionStart(callee) : null;
        for (var slot = (from + 7) & ~7UL; slot + 8 <= to && budget > 0; slot += 8, budget -= 8)
        {
            if (core.TryReadUInt64(slot, out var value) && IsCallSite(value, strictCallee is null ? null : calleeStart ?? ulong.MaxValue))
            {
                return (slot, value);
            }
        }

        return (0, 0);
    }

    /// <summary>
    /// True when an x86-64 call instruction ends right before <paramref name="address"/>. With
    /// <paramref name="calleeStart"/>, a direct call must target it, or an address that is not the start of a known function (a PLT stub).
    /// </summary>
    private bool IsCallSite(ulong address, ulong? calleeStart)
    {
        if (address < 8 || !modules.IsExecutable(address - 1))
        {
            return false;
        }

        Span<byte> code = stackalloc byte[8];
        if (!modules.TryReadCodeBefore(address, code))
        {
            return false;
        }

        if (code[3] == 0xE8)
        {
            var target = address + (ulong)(long)BitConverter.ToInt32(code[4..]);
            return calleeStart is not { } expected || expected == ulong.MaxValue || target == expected
                || modules.FunctionStart(target) is not { } start || start != target || TailJumps(target, expected);
        }

        for (var length = 2; length <= 7; length++)
        {
            var at = 8 - length;
            if (code[at] == 0xFF && ((code[at + 1] >> 3) & 7) == 2 && IndirectCallLength(code[at + 1], code[Math.Min(7, at + 2)]) == length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the function at <paramref name="function"/> jumps (<c>jmp rel32/rel8</c>) to <paramref name="target"/> near its start: a tail call, as pthread_kill makes.</summary>
    private bool TailJumps(ulong function, ulong target)
    {
        Span<byte> code = stackalloc byte[TailCallWindow];
        if (!modules.TryReadCodeBefore(function + TailCallWindow, code))
        {
            return false;
        }

        for (var i = 0; i + 5 <= code.Length; i++)
        {
            if ((code[i] == 0xE9 && function + (ulong)i + 5 + (ulong)(long)BitConverter.ToInt32(code[(i + 1)..]) == target)
                || (code[i] == 0xEB && function + (ulong)i + 2 + (ulong)(long)(sbyte)code[i + 1] == target))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndirectCallLength(byte modrm, byte sib)
    {
        var mod = modrm >> 6;
        var rm = modrm & 7;
        return mod switch
        {
            3 => 2,
            0 when rm == 4 => (sib & 7) == 5 ? 7 : 3,
            0 when rm == 5 => 6,
            0 => 2,
            1 => rm == 4 ? 4 : 3,
            _ => rm == 4 ? 7 : 6,
        };
    }

    private DumpFrame Frame(int index, ulong address, string trust, bool isReturn)
    {
        var (module, function, offset) = modules.Symbolize(address, isReturn ? address - 1 : address);
        return new DumpFrame(index, address, module, function, offset, trust);
    }

    private static ulong Get(IReadOnlyDictionary<string, ulong> registers, string name) => registers.TryGetValue(name, out var v) ? v : 0;
}
