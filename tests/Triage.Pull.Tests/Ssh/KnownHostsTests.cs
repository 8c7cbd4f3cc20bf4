using System.Security.Cryptography;
using System.Text;
using Triage.Pull.Ssh;
using Triage.Collectors.Tests.Support;

namespace Triage.Pull.Tests.Ssh;

public sealed class KnownHostsTests : IDisposable
{
    private static readonly byte[] KeyA = Blob("ssh-ed25519", 1);
    private static readonly byte[] KeyB = Blob("ssh-ed25519", 2);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Check_PlainHashedChangedRevokedAndUnknown()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hashed = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes("[10.0.0.5]:2222")))}";
        var file = _temp.File("known_hosts");
        File.WriteAllLines(file,
        [
            "# comment",
            $"node-a,10.0.0.4 ssh-ed25519 {Convert.ToBase64String(KeyA)} root@node-a",
            $"{hashed} ssh-ed25519 {Convert.ToBase64String(KeyA)}",
            $"@revoked * ssh-ed25519 {Convert.ToBase64String(KeyB)}",
            "garbage line",
        ]);

        var known = KnownHosts.Load([file]);

        Assert.Equal(HostKeyVerdict.Known, known.Check("10.0.0.4", "ssh-ed25519", KeyA));
        Assert.Equal(HostKeyVerdict.Known, known.Check("[10.0.0.5]:2222", "ssh-ed25519", KeyA));
        Assert.Equal(HostKeyVerdict.Changed, known.Check("node-a", "ssh-ed25519", Blob("ssh-ed25519", 3)));
        Assert.Equal(HostKeyVerdict.Revoked, known.Check("node-a", "ssh-ed25519", KeyB));
        Assert.Equal(HostKeyVerdict.Unknown, known.Check("[10.0.0.4]:2222", "ssh-ed25519", KeyA)); // another port is another host
    }

    [Fact]
    public async Task AddAsync_NewFile_OpenSshLineOwnerOnly()
    {
        var file = Path.Combine(_temp.Path, "sub", "known_hosts");
        var known = KnownHosts.Load([file]);

        await known.AddAsync(KnownHosts.HostKeyName("127.0.0.1", 2222), "ssh-ed25519", KeyA);

        Assert.Equal($"[127.0.0.1]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}", File.ReadAllText(file).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(HostKeyVerdict.Known, KnownHosts.Load([file]).Check("[127.0.0.1]:2222", "ssh-ed25519", KeyA));
        Assert.Equal("h", KnownHosts.HostKeyName("h", 22));
    }

    [Fact]
    public void Quote_HostileText_SingleQuotedForThePosixShell()
    {
        Assert.Equal("'journalctl' '--since' '2026-04-05 10:00:00 UTC' 'a'\\''b'", RemoteCommand.Build("journalctl", ["--since", "2026-04-05 10:00:00 UTC", "a'b"]));
        Assert.Throws<ArgumentException>(() => RemoteCommand.Quote("a\nrm -rf /"));
    }

    private static byte[] Blob(string type, byte fill)
    {
        var blob = new List<byte>();
        blob.AddRange([0, 0, 0, (byte)type.Length]);
        blob.AddRange(Encoding.ASCII.GetBytes(type));
        blob.AddRange([0, 0, 0, 32]);
        blob.AddRange(Enumerable.Repeat(fill, 32));
        return [.. blob];
    }
}
