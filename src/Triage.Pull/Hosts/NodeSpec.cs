namespace Triage.Pull.Hosts;

/// <summary>One node to pull from.</summary>
/// <param name="Name">The node's name: the symptoms' host and the first part of every source path (<c>NAME:/path</c>).</param>
/// <param name="Address">Where to connect (a name or an IP address); the name itself when the list gives none.</param>
/// <param name="Port">SSH port, or null for the config's or 22.</param>
public sealed record NodeSpec(string Name, string Address, int? Port);
