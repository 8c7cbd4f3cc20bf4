using Triage.Dumps.Signatures;
using Triage.Testing;

namespace Triage.Dumps.Tests.Signatures;

public sealed class SignatureRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("triage-signatures-").FullName;

    private static SignatureRules BuiltInFile => SignatureRules.Load(Path.Combine(TestRepository.Rules, "dumps", "signatures.yaml"));

    [Fact]
    public void Load_BuiltIn_PatternsAreLinearWithoutAWallClockTimeout()
    {
        // A timeout here fired on a loaded machine and escaped from the collection as an internal error.
        Assert.All(BuiltInFile.Patterns(), p =>
        {
            Assert.True(p.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
            Assert.Equal(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, p.MatchTimeout);
        });
    }

    [Fact]
    public void Compute_AbortThroughTorchCheck_SkipsLibcKeepsPrefixAndNamesTheReduction()
    {
        DumpFrame[] stack =
        [
            Frame(0, "libc.so.6", "__pthread_kill_implementation"),
            Frame(1, "libc.so.6", "raise"),
            Frame(2, "libc.so.6", null),
            Frame(3, "libtorch_cuda.so", "c10::detail::torchCheckFail"),
            Frame(4, "libtorch_cuda.so", "at::native::sum_kernel_impl"),
            Frame(5, "libtorch_cuda.so", "at::native::reduce_kernel"),
            Frame(6, "python3", "main"),
        ];

        var (signature, first) = BuiltInFile.Compute(stack);

        Assert.Equal("c10::detail::torchCheckFail | at::native::sum_kernel_impl | at::native::reduce_kernel", signature);
        Assert.Equal("at::native::sum_kernel_impl", first!.Function);
    }

    [Fact]
    public void Compute_FrameWithoutSymbol_IsModulePlusOffset()
    {
        var (signature, _) = BuiltInFile.Compute([Frame(0, "libfoo.so", null, 0x1234)]);

        Assert.Equal("libfoo.so+0x1234", signature);
    }

    [Fact]
    public void Compute_OnlyLibcFrames_IsEmpty()
    {
        var (signature, first) = BuiltInFile.Compute([Frame(0, "libc.so.6", "abort"), Frame(1, "libc.so.6", "__libc_start_main")]);

        Assert.Equal("", signature);
        Assert.Null(first);
    }

    [Theory]
    [InlineData("schemaVersion: 2\n", "schemaVersion must be 1")]
    [InlineData("schemaVersion: 1\nirrelevant: '^abort$'\n", "must be a list")]
    [InlineData("schemaVersion: 1\nirrelevant: ['(unclosed']\n", "bad pattern")]
    [InlineData("schemaVersion: 1\nirrelevant: [\n", "")]
    public void Load_BadFile_ThrowsRuleErrorWithTheFileName(string yaml, string reason)
    {
        var path = Path.Combine(_dir, "signatures.yaml");
        File.WriteAllText(path, yaml);

        var ex = Assert.Throws<TriageException>(() => SignatureRules.Load(path));

        Assert.Equal(ExitCodes.RuleError, ex.ExitCode);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    private static DumpFrame Frame(int index, string module, string? function, ulong offset = 0x10) => new(index, 0x1000 + (ulong)index, module, function, offset, "scan");

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
