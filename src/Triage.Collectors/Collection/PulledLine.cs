namespace Triage.Collectors.Collection;

/// <summary>One line of a command's output on a node (a journal entry rendered as text, a <c>dmesg</c> line).</summary>
/// <param name="Text">The line without its end.</param>
/// <param name="Resume">Where the source resumes after this line (a journal cursor); stored in the checkpoint.</param>
public readonly record struct PulledLine(string Text, string Resume);
