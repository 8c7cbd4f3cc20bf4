using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class TruthReaderPropertyTests
{
    private const string Document = """
        {"schema":"triage.truth/v1","run":"r","scenarios":["ecc"],"seed":3,"ranks":16,"gpus_per_host":8,
         "causes":[{"id":"ecc","scenario":"ecc","category":"hardware","summary":"DBE \u00e9","match":[[{"key":"host","value":"node-003"}],[{"key":"pattern","value":"spread"}]],"first_seen":"2026-05-02T03:14:07Z"}],
         "symptoms":[{"path":"node-003/kern.log","line":12,"cause":"ecc","role":"root"},{"path":"slurm.out","line":7,"cause":"ecc","role":"collateral"}],
         "noise":[{"path":"node-020/kern.log","line":1,"note":"Xid 13"}],"extra":{"a":[1,2.5,{"b":null}]}}
        """;

    [Property(MaxTest = 500)]
    public void Read_ArbitraryBytes_OnlyTriageException(byte[] bytes, PositiveInt bufferSize)
    {
        try
        {
            TruthReader.Read(new MemoryStream(bytes), "t.json", CancellationToken.None, bufferSize.Get % 64);
        }
        catch (TriageException)
        {
            // documented
        }
    }

    [Property(MaxTest = 500)]
    public void Read_DamagedDocument_ParsesOrTriageException(NonNegativeInt at, byte value, bool truncate, PositiveInt bufferSize)
    {
        var bytes = Encoding.UTF8.GetBytes(Document);
        var position = at.Get % bytes.Length;
        if (truncate)
        {
            bytes = bytes[..position];
        }
        else
        {
            bytes[position] = value;
        }

        try
        {
            TruthReader.Read(new MemoryStream(bytes), "t.json", CancellationToken.None, bufferSize.Get % 32);
        }
        catch (TriageException)
        {
            // documented
        }
    }

    [Property(MaxTest = 100)]
    public Property Read_AnyBufferSize_SameTruth() =>
        Prop.ForAll(Gen.Choose(1, 300).ToArbitrary(), size =>
        {
            var small = TruthReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Document)), "t.json", CancellationToken.None, size);
            var large = TruthReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Document)), "t.json", CancellationToken.None);
            return small.Symptoms.SequenceEqual(large.Symptoms)
                && small.Noise.SequenceEqual(large.Noise)
                && small.Causes.Count == 1
                && small.Causes[0].Summary == "DBE é"
                && small.Causes[0].Match.Count == 2;
        });
}
