namespace Triage.Tui.ViewModels;

/// <summary>The key list, shown by <c>?</c> and in the README.</summary>
internal static class KeyHelp
{
    public static IReadOnlyList<string> Lines { get; } =
    [
        "↑/↓ PgUp/PgDn Home/End  move",
        "Enter      drill down: hypothesis → its symptoms (by kind and host) → raw line in its file",
        "Esc/Bksp   back",
        "+ / -      vote for / against (one vote per engineer; the same key again withdraws it)",
        "c / x      confirm / reject the hypothesis, with a reason",
        "n          add a note",
        "s          sort: evidence → votes → first seen",
        "/          filter: category:NAME kind:PART host:PART or any word (empty clears)",
        "r          re-run the analysis",
        "?          this help",
        "q          quit",
    ];

    public const string ShortFooter = "↑↓ Enter +/- vote c/x confirm/reject n note s sort / filter ? help q quit";

    public const string Footer = "↑↓ move  Enter drill  +/- vote  c confirm  x reject  n note  s sort  / filter  r rerun  ? help  q quit";
}
