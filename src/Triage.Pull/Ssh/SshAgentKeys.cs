using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace Triage.Pull.Ssh;

/// <summary>
/// Keys held by an ssh-agent (the protocol of draft-miller-ssh-agent: REQUEST_IDENTITIES 11 → IDENTITIES_ANSWER 12,
/// SIGN_REQUEST 13 → SIGN_RESPONSE 14, FAILURE 5), offered as SSH.NET key sources whose signatures the agent
/// makes, so a private key never enters this process. RSA keys sign with rsa-sha2-512/256 (flags 4/2).
/// </summary>
internal static class SshAgentKeys
{
    private const byte RequestIdentities = 11;
    private const byte IdentitiesAnswer = 12;
    private const byte SignRequest = 13;
    private const byte SignResponse = 14;
    private const int MaxMessage = 256 << 10;

    /// <summary>The agent's keys, or none when there is no agent (a problem is a notice, never fatal).</summary>
    public static IReadOnlyList<IPrivateKeySource> TryLoad(string? socketPath, Action<string> notice)
    {
        if (string.IsNullOrEmpty(socketPath) || !File.Exists(socketPath))
        {
            return [];
        }

        try
        {
            var answer = Call(socketPath, [RequestIdentities]);
            if (answer.Length == 0 || answer[0] != IdentitiesAnswer)
            {
                notice("ssh-agent: did not list its keys; agent not used");
                return [];
            }

            var reader = new Reader(answer.AsMemory(1));
            var count = reader.UInt32();
            var keys = new List<IPrivateKeySource>();
            for (var i = 0; i < count && i < 64; i++)
            {
                var blob = reader.Bytes();
                _ = reader.Bytes(); // comment
                var type = Encoding.ASCII.GetString(new Reader(blob).Bytes());
                keys.Add(new AgentKey(socketPath, type, blob));
            }

            return keys;
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            notice($"ssh-agent: {ex.Message}; agent not used");
            return [];
        }
    }

    private static byte[] Call(string socketPath, byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)request.Length);
        stream.Write(length);
        stream.Write(request);
        stream.ReadExactly(length);
        var n = BinaryPrimitives.ReadUInt32BigEndian(length);
        if (n > MaxMessage)
        {
            throw new InvalidDataException("agent answer too large");
        }

        var answer = new byte[n];
        stream.ReadExactly(answer);
        return answer;
    }

    private static void Put(List<byte> to, ReadOnlySpan<byte> data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        to.AddRange(length);
        to.AddRange(data.ToArray());
    }

    private sealed class AgentKey : IPrivateKeySource
    {
        public AgentKey(string socket, string type, byte[] blob)
        {
            HostKeyAlgorithms = type == "ssh-rsa"
                ? [new AgentAlgorithm("rsa-sha2-512", socket, blob, 4), new AgentAlgorithm("rsa-sha2-256", socket, blob, 2)]
                : [new AgentAlgorithm(type, socket, blob, 0)];
        }

        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }
    }

    private sealed class AgentAlgorithm(string name, string socket, byte[] blob, uint flags) : HostAlgorithm(name)
    {
        public override byte[] Data => blob;

        public override byte[] Sign(byte[] data)
        {
            var request = new List<byte> { SignRequest };
            Put(request, blob);
            Put(request, data);
            var f = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(f, flags);
            request.AddRange(f);
            var answer = Call(socket, [.. request]);
            if (answer.Length == 0 || answer[0] != SignResponse)
            {
                throw new Renci.SshNet.Common.SshException("ssh-agent refused to sign (is the key confirmed or locked?)");
            }

            return new Reader(answer.AsMemory(1)).Bytes();
        }

        public override bool VerifySignature(byte[] data, byte[] signature) => throw new NotSupportedException("agent keys only sign");
    }

    private sealed class Reader(ReadOnlyMemory<byte> data)
    {
        private int _at;

        public uint UInt32()
        {
            if (_at + 4 > data.Length)
            {
                throw new InvalidDataException("agent message cut short");
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(data.Span[_at..]);
            _at += 4;
            return value;
        }

        public byte[] Bytes()
        {
            var n = UInt32();
            if (n > data.Length - _at)
            {
                throw new InvalidDataException("agent message cut short");
            }

            var bytes = data.Span.Slice(_at, (int)n).ToArray();
            _at += (int)n;
            return bytes;
        }
    }
}
