namespace Triage.Pull.Ssh;

/// <summary>Where and as whom one node is reached, after the host list, <c>~/.ssh/config</c> and the options are combined.</summary>
/// <param name="Name">The node's name (the symptoms' host).</param>
/// <param name="Address">Address to connect to.</param>
/// <param name="Port">Port.</param>
/// <param name="User">User name.</param>
/// <param name="IdentityFiles">Private key files to offer, in order (missing ones are skipped).</param>
public sealed record SshTarget(string Name, string Address, int Port, string User, IReadOnlyList<string> IdentityFiles);
