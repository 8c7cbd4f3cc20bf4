using System.Buffers.Binary;
using System.Text;

namespace Triage.Dumps.Tests;

/// <summary>
/// Minidumps built byte by byte in the layout Breakpad writes on Linux (no minidump writer is
/// installed here, and .NET's createdump writes ELF cores on Linux): header, stream directory,
/// exception stream (signal, si_code, fault address), module list with a BpEL build id, environment.
/// </summary>
public sealed class MinidumpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("triage-minidump-").FullName;

    [Fact]
    public void Read_BreakpadStyleMinidump_GivesSignalFaultAddressModuleAndRank()
    {
        var path = Write(Build());

        var report = DumpReader.Read(path);

        Assert.Equal("minidump", report.Format);
        Assert.Equal("SIGSEGV", report.Crash!.SignalName);
        Assert.Equal("SEGV_MAPERR", report.Crash.CodeName);
        Assert.Equal(0x10UL, report.Crash.FaultAddress);
        Assert.Equal(4242, report.Crash.ThreadId);
        var module = Assert.Single(report.Modules);
        Assert.Equal("/opt/torch/lib/libtorch_cuda.so", module.Path);
        Assert.Equal("00112233445566778899aabbccddeeff01020304", module.BuildId);
        Assert.Equal("libtorch_cuda.so", report.Stack[0].Module);
        Assert.Equal(0x1234UL, report.Stack[0].Offset);
        Assert.Equal(12, report.Rank);
        Assert.Equal("node-3", report.Host);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(40)]
    public void Read_TruncatedMinidump_ThrowsDumpReadException(int length)
    {
        var path = Write(Build()[..length]);

        var ex = Assert.Throws<DumpReadException>(() => DumpReader.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MinidumpWithStreamsCutShort_IsPartialWithAWarning()
    {
        var bytes = Build();
        var path = Write(bytes[..(bytes.Length - 30)]);

        var report = DumpReader.Read(path);

        Assert.Equal("SIGSEGV", report.Crash!.SignalName);
        Assert.NotEmpty(report.Warnings);
    }

    [Fact]
    public void Read_NotADump_ThrowsDumpReadException()
    {
        var path = Write("just a log line\n"u8.ToArray());

        Assert.Throws<DumpReadException>(() => DumpReader.Read(path));
    }

    private static byte[] Build()
    {
        var body = new List<byte>();
        var directory = new List<(uint Type, uint Size, uint Rva)>();
        const int headerAndDirectory = 32 + (3 * 12);

        uint Add(byte[] data)
        {
            var rva = (uint)(headerAndDirectory + body.Count);
            body.AddRange(data);
            return rva;
        }

        // The crashing thread's CONTEXT_AMD64: rip at 0xF8.
        var context = new byte[0x4d0];
        BinaryPrimitives.WriteUInt64LittleEndian(context.AsSpan(0xF8), 0x7f0000001234);
        var contextRva = Add(context);

        // Exception stream: thread id, alignment, then the record: code (signal), flags (si_code), record, address (si_addr); then the context's location.
        var exception = new byte[168];
        BinaryPrimitives.WriteUInt32LittleEndian(exception.AsSpan(160), (uint)context.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(exception.AsSpan(164), contextRva);
        BinaryPrimitives.WriteInt32LittleEndian(exception, 4242);
        BinaryPrimitives.WriteUInt32LittleEndian(exception.AsSpan(8), 11);
        BinaryPrimitives.WriteInt32LittleEndian(exception.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(exception.AsSpan(24), 0x10);
        directory.Add((6, (uint)exception.Length, Add(exception)));

        var name = Encoding.Unicode.GetBytes("/opt/torch/lib/libtorch_cuda.so");
        var nameRva = Add([.. BitConverter.GetBytes((uint)name.Length), .. name]);
        var cvRva = Add([.. "BpEL"u8.ToArray(), .. Convert.FromHexString("00112233445566778899aabbccddeeff01020304")]);
        var module = new byte[4 + 108];
        BinaryPrimitives.WriteUInt32LittleEndian(module, 1);
        BinaryPrimitives.WriteUInt64LittleEndian(module.AsSpan(4), 0x7f0000000000);
        BinaryPrimitives.WriteUInt32LittleEndian(module.AsSpan(12), 0x100000);
        BinaryPrimitives.WriteUInt32LittleEndian(module.AsSpan(24), nameRva);
        BinaryPrimitives.WriteUInt32LittleEndian(module.AsSpan(80), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(module.AsSpan(84), cvRva);
        directory.Add((4, (uint)module.Length, Add(module)));

        var environ = Encoding.UTF8.GetBytes("PATH=/usr/bin\0RANK=12\0HOSTNAME=node-3\0API_KEY=secret\0");
        directory.Add((0x47670007, (uint)environ.Length, Add(environ)));

        var header = new byte[headerAndDirectory];
        "MDMP"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0xa793);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)directory.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), 32);
        for (var i = 0; i < directory.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32 + (i * 12)), directory[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(36 + (i * 12)), directory[i].Size);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40 + (i * 12)), directory[i].Rva);
        }

        return [.. header, .. body];
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("n") + ".dmp");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
