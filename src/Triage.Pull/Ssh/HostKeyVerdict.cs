namespace Triage.Pull.Ssh;

/// <summary>What the known-hosts files say about a key a node presented.</summary>
public enum HostKeyVerdict
{
    /// <summary>The key is listed for the host.</summary>
    Known = 0,

    /// <summary>The host is not listed at all.</summary>
    Unknown = 1,

    /// <summary>The host is listed with other keys: possibly a man-in-the-middle, or a re-installed node.</summary>
    Changed = 2,

    /// <summary>The key is marked <c>@revoked</c>.</summary>
    Revoked = 3,
}
