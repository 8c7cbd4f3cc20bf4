using System.Diagnostics;
using System.Globalization;
using Triage.Collectors.RunMetadata;
using Triage.Runs;
using Xunit.Abstractions;

namespace Triage.Collectors.Tests.RunMetadata;

/// <summary>
/// A measurement, not a timed assertion (speed goals belong to bench/): set TRIAGE_INPUTS_BENCH=1 to
/// stream a generated 1M-row manifest and print rows/s and allocation per row.
/// </summary>
public sealed class ManifestReaderThroughputTests(ITestOutputHelper output)
{
    private const int Rows = 1_000_000;

    [BenchFact]
    public void Read_OneMillionRows_Measured()
    {
        using var dir = new TempRunDirectory();
        var plain = Generate(dir.Path, "steps.jsonl", gzip: false);
        var gzip = Generate(dir.Path, "steps.jsonl.gz", gzip: true);

        foreach (var path in new[] { plain, gzip, plain })
        {
            var stats = new ManifestReadStats();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            long shards = 0;
            foreach (var row in new StepManifest([path]).Read(stats))
            {
                shards += row.Strings.Count;
            }

            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.Equal(Rows, stats.Rows);
            Assert.Equal(3L * Rows, shards);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {Rows / clock.Elapsed.TotalSeconds:N0} rows/s, {new FileInfo(path).Length / clock.Elapsed.TotalSeconds / 1e6:N0} MB/s on disk, {allocated / (double)Rows:N0} B allocated/row"));
        }
    }

    private static string Generate(string directory, string name, bool gzip)
    {
        var path = Path.Combine(directory, name);
        using var file = File.Create(path);
        using Stream stream = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : file;
        using var writer = new StreamWriter(stream);
        for (var i = 0; i < Rows; i++)
        {
            var rank = i % 4096;
            var step = i / 4096;
            writer.Write(InputSamples.ManifestLine(rank, step, "web-" + (rank % 512).ToString("D4", CultureInfo.InvariantCulture)));
            writer.Write('\n');
        }

        return path;
    }

    private sealed class BenchFactAttribute : FactAttribute
    {
        public BenchFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("TRIAGE_INPUTS_BENCH") != "1")
            {
                Skip = "a measurement; set TRIAGE_INPUTS_BENCH=1 to run it";
            }
        }
    }
}
