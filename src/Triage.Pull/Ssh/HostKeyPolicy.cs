namespace Triage.Pull.Ssh;

/// <summary>What happens with a node whose host key is not in any known-hosts file.</summary>
public enum HostKeyPolicy
{
    /// <summary>
    /// As OpenSSH's <c>StrictHostKeyChecking accept-new</c>: the key is accepted, appended to the user
    /// known-hosts file and reported; a changed key is always refused. The default.
    /// </summary>
    AcceptNew = 0,

    /// <summary>As <c>StrictHostKeyChecking yes</c>: an unknown host is refused.</summary>
    Strict = 1,
}
