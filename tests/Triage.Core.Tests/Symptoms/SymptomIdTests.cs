using Triage.Symptoms;

namespace Triage.Core.Tests.Symptoms;

public sealed class SymptomIdTests
{
    [Fact]
    public void Create_SameInputs_SameId()
    {
        Assert.Equal(SymptomId.Create("run", "node-1/kern.log", 4096, "kernel.xid"), SymptomId.Create("run", "node-1/kern.log", 4096, "kernel.xid"));
    }

    [Theory]
    [InlineData("run2", "a.log", 10, "r")]
    [InlineData("run", "b.log", 10, "r")]
    [InlineData("run", "a.log", 11, "r")]
    [InlineData("run", "a.log", 10, "q")]
    public void Create_AnyPartDiffers_IdDiffers(string run, string source, long offset, string rule)
    {
        Assert.NotEqual(SymptomId.Create("run", "a.log", 10, "r"), SymptomId.Create(run, source, offset, rule));
    }

    [Fact]
    public void Create_PartsThatConcatenateAlike_DoNotCollide()
    {
        Assert.NotEqual(SymptomId.Create("ab", "c", 1, "r"), SymptomId.Create("a", "bc", 1, "r"));
    }

    [Fact]
    public void Create_Format_IsPrefixedLowerHex()
    {
        var id = SymptomId.Create("run", "a.log", 0, "r");

        Assert.Matches("^s-[0-9a-f]{20}$", id);
    }

    /// <summary>Ids computed by the first implementation (interpolated string, UTF-8, SHA-256): stores and checkpoints hold them.</summary>
    [Theory]
    [InlineData("run", "node-1/kern.log", 4096L, "kernel.xid", "s-feb0b54e504deacfa176")]
    [InlineData("extract", "train.log", 0L, "unknown", "s-07675df34d1d92096731")]
    [InlineData("r-2026", "node-07/ranks/rank-0003.log", 123456789012L, "metrics.nan/train.loss", "s-511b606d7e23a6a01b2d")]
    [InlineData("d\u00e9b\u00e2cle", "n\u0153ud/\u0436\u0443\u0440\u043d\u0430\u043b.log", -1L, "\u89c4\u5219", "s-d5b62462ff0e81dbed1c")]
    [InlineData("", "", long.MaxValue, "", "s-cb431986cb9962bf5c7c")]
    public void Create_KnownInputs_GiveThePinnedIds(string run, string source, long offset, string rule, string expected)
    {
        Assert.Equal(expected, SymptomId.Create(run, source, offset, rule));
    }

    [Fact]
    public void Create_ManyInputs_SameAsTheStringBuildingImplementation()
    {
        var random = new Random(22);
        var alphabet = "abz09/._-\0 \u00e9\u0436\u89c4\ud83d\ude00\ud800\udc00";
        for (var i = 0; i < 2000; i++)
        {
            var run = RandomText(random, alphabet, i % 7 == 0 ? 400 : 12);
            var source = RandomText(random, alphabet, 40);
            var rule = RandomText(random, alphabet, 20);
            var offset = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
            Assert.Equal(Reference(run, source, offset, rule), SymptomId.Create(run, source, offset, rule));
        }
    }

    private static string RandomText(Random random, string alphabet, int maxLength)
    {
        var chars = new char[random.Next(maxLength + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)]; // lone surrogates included
        }

        return new string(chars);
    }

    private static string Reference(string run, string sourceId, long offset, string ruleId)
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{run}\0{sourceId}\0{offset}\0{ruleId}");
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return "s-" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }
}
