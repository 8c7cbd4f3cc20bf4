using Triage.Pull.Ssh;

namespace Triage.Pull;

/// <summary>What <see cref="PullRunner"/> reads on each node and how it connects.</summary>
public sealed record PullOptions
{
    /// <summary>Run name the symptoms belong to (required).</summary>
    public required string Run { get; init; }

    /// <summary>Path globs on each node (SFTP, no shell); files are recognised by content (logs, <c>.gz</c>, core dumps).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Read <c>journalctl -o json</c> (kernel and unit messages); <c>dmesg -T</c> when the node has no journal.</summary>
    public bool Journal { get; init; }

    /// <summary>Read <c>dmesg -T</c> (in UTC) even without <see cref="Journal"/>.</summary>
    public bool Dmesg { get; init; }

    /// <summary>List <c>coredumpctl</c>'s core dumps and read each one that is present.</summary>
    public bool Cores { get; init; }

    /// <summary>Only entries and files since this time (journal <c>--since</c>, coredumpctl <c>--since</c>, file mtime); null: everything.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Nodes pulled at once; default 16.</summary>
    public int Parallel { get; init; } = 16;

    /// <summary>User; default: <c>~/.ssh/config</c>'s <c>User</c>, else the current user.</summary>
    public string? User { get; init; }

    /// <summary>Key files to offer instead of the config's and the defaults (<c>~/.ssh/id_ed25519</c>, <c>id_ecdsa</c>, <c>id_rsa</c>).</summary>
    public IReadOnlyList<string> IdentityFiles { get; init; } = [];

    /// <summary>The ssh-agent socket whose keys are offered first (the CLI passes <c>SSH_AUTH_SOCK</c>); null: no agent.</summary>
    public string? AgentSocket { get; init; }

    /// <summary>Extra paths read on one node only (a Slurm job's stdout/stderr on its batch host), by node name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NodePaths { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>User known-hosts file (read, and where new keys go); default <c>~/.ssh/known_hosts</c>. <c>/etc/ssh/ssh_known_hosts</c> is read too.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>What happens with an unknown host key; default accept-new (as OpenSSH's <c>StrictHostKeyChecking accept-new</c>).</summary>
    public HostKeyPolicy HostKeyPolicy { get; init; } = HostKeyPolicy.AcceptNew;

    /// <summary>ssh config file; default <c>~/.ssh/config</c>.</summary>
    public string? SshConfigFile { get; init; }

    /// <summary>Connection and key exchange timeout per node; default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Everything on one node must finish within this; default 30 min.</summary>
    public TimeSpan HostTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Program run for the journal on the node; default <c>journalctl</c>.</summary>
    public string JournalCommand { get; init; } = "journalctl";

    /// <summary>Program run for the kernel ring buffer; default <c>dmesg</c>.</summary>
    public string DmesgCommand { get; init; } = "dmesg";

    /// <summary>Program run for core dumps; default <c>coredumpctl</c>.</summary>
    public string CoredumpctlCommand { get; init; } = "coredumpctl";

    /// <summary>Local directory for dumps while they are read (each deleted after); default a folder under the temp directory.</summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>Longest line taken from a command's output; longer ones are cut. Default 1 MiB.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;
}
