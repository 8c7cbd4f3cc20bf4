namespace Triage.Dumps.Elf;

/// <summary>Linux signal and si_code names (x86_64 and aarch64 share them).</summary>
internal static class SignalNames
{
    public const int SigStop = 19;

    private static readonly string[] Names =
    [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public static string Signal(int signo) => signo > 0 && signo < Names.Length
        ? Names[signo]
        : "signal " + signo.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True for signals raised by a faulting instruction, whose si_addr is the fault address.</summary>
    public static bool IsFault(int signo) => signo is 4 or 5 or 7 or 8 or 11;

    public static string? Code(int signo, int code) => (signo, code) switch
    {
        (_, 0) => "SI_USER",
        (_, 0x80) => "SI_KERNEL",
        (_, -1) => "SI_QUEUE",
        (_, -6) => "SI_TKILL",
        (11, 1) => "SEGV_MAPERR",
        (11, 2) => "SEGV_ACCERR",
        (11, 3) => "SEGV_BNDERR",
        (11, 4) => "SEGV_PKUERR",
        (7, 1) => "BUS_ADRALN",
        (7, 2) => "BUS_ADRERR",
        (7, 3) => "BUS_OBJERR",
        (7, 4) => "BUS_MCEERR_AR",
        (7, 5) => "BUS_MCEERR_AO",
        (8, 1) => "FPE_INTDIV",
        (8, 2) => "FPE_INTOVF",
        (8, 3) => "FPE_FLTDIV",
        (8, 4) => "FPE_FLTOVF",
        (8, 5) => "FPE_FLTUND",
        (8, 6) => "FPE_FLTRES",
        (8, 7) => "FPE_FLTINV",
        (4, 1) => "ILL_ILLOPC",
        (4, 2) => "ILL_ILLOPN",
        (4, 5) => "ILL_PRVOPC",
        _ => null,
    };
}
