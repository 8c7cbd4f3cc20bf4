using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Dumps.Tests.Support;

namespace Triage.Dumps.Tests;

/// <summary>A real core cut short or with bytes changed (most of them in the headers and notes) reads as a partial report or a <see cref="DumpReadException"/>, never anything else.</summary>
[Collection(CrashCollection.Name)]
public sealed class DumpReaderPropertyTests(CrashFixture crashes)
{
    private static readonly DumpOptions Options = new() { DebugDirectories = [] };

    [Property(MaxTest = 80)]
    public Property Read_TruncatedCore_ThrowsOnlyDumpReadException() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), cut => ReadsOrRefuses(bytes => bytes[..(int)((long)cut * bytes.Length / 1_000_000)]));

    [Property(MaxTest = 120)]
    public Property Read_CoreWithFlippedBytes_ThrowsOnlyDumpReadException()
    {
        var flip = Gen.Zip(Gen.Frequency((4, Gen.Choose(0, 12_000)), (1, Gen.Choose(0, int.MaxValue))), Gen.Choose(0, 255));
        return Prop.ForAll(Gen.ListOf(flip).ToArbitrary(), flips => ReadsOrRefuses(bytes =>
        {
            foreach (var (at, value) in flips)
            {
                bytes[at % bytes.Length] = (byte)value;
            }

            return bytes;
        }));
    }

    private bool ReadsOrRefuses(Func<byte[], byte[]> mutate)
    {
        var path = Path.Combine(crashes.Directory, "mutated-" + Guid.NewGuid().ToString("n"));
        File.WriteAllBytes(path, mutate(File.ReadAllBytes(crashes.Cores["fpe"])));
        try
        {
            var report = DumpReader.Read(path, Options);
            return report.Threads.Count > 0 && report.Stack.Count <= DumpLimits.Default.MaxFrames;
        }
        catch (DumpReadException ex)
        {
            return ex.Message.Contains(path, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
