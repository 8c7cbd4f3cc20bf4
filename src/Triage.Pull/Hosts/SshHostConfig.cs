namespace Triage.Pull.Hosts;

/// <summary>What <c>~/.ssh/config</c> says for one host (null or empty where it says nothing).</summary>
/// <param name="HostName">The address to connect to.</param>
/// <param name="Port">The port.</param>
/// <param name="User">The user.</param>
/// <param name="IdentityFiles">Key files, in order (<c>~</c> expanded).</param>
/// <param name="KnownHostsFiles">User known-hosts files (<c>~</c> expanded).</param>
public sealed record SshHostConfig(string? HostName, int? Port, string? User, IReadOnlyList<string> IdentityFiles, IReadOnlyList<string> KnownHostsFiles)
{
    /// <summary>Nothing configured.</summary>
    public static SshHostConfig None { get; } = new(null, null, null, [], []);
}
