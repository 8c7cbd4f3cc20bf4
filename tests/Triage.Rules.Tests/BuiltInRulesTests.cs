using Triage.Rules.Tests.Support;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Rules.Tests;

/// <summary>The shipped rules/ directory: it loads, and every rule's own test lines pass.</summary>
public class BuiltInRulesTests
{
    private static readonly Lazy<RuleSet> BuiltIn = new(() => RuleSet.LoadDirectory(TestRepository.Rules));

    [Fact]
    public void LoadDirectory_BuiltInRules_EveryRuleHasATest()
    {
        // Act
        var rules = BuiltIn.Value.Rules;

        // Assert
        Assert.All(rules, rule => Assert.NotEmpty(rule.Tests.Match));
    }

    [Fact]
    public void LoadDirectory_BuiltInRules_NoneNeedsTheBacktrackingEngine()
    {
        // Act: asking builds every matcher, so a pattern the linear-time engine refuses shows here.
        var backtracking = BuiltIn.Value.Rules.Where(r => r.UsesBacktracking).Select(r => r.Id).ToList();

        // Assert: no line can be lost to a match timeout on a loaded machine.
        Assert.Empty(backtracking);
    }

    [Fact]
    public void RunTests_BuiltInRules_AllPass()
    {
        // Act
        var report = BuiltIn.Value.RunTests();

        // Assert
        Assert.True(report.AllPassed, report.ToString());
    }

    [Fact]
    public void Extract_ThreadExceptionThenMainTraceback_ThreadIsAWarningAndMainStaysAnError()
    {
        // Arrange: layumi/Person_reID_baseline_pytorch#365, verbatim: the pin-memory thread dies,
        // then the main thread raises because of it.
        const string Log = """
            Exception in thread Thread-1:
            Traceback (most recent call last):
              File "/home/chutao@1/anaconda3/envs/pytorch1.7/lib/python3.8/threading.py", line 932, in _bootstrap_inner
                self.run()
              File "/home/chutao@1/anaconda3/envs/pytorch1.7/lib/python3.8/threading.py", line 870, in run
                self._target(*self._args, **self._kwargs)
              File "/home/chutao@1/anaconda3/envs/pytorch1.7/lib/python3.8/site-packages/torch/utils/data/_utils/pin_memory.py", line 28, in _pin_memory_loop
                idx, data = r
            ValueError: not enough values to unpack (expected 2, got 0)
            Traceback (most recent call last):
              File "train.py", line 540, in <module>
                model = train_model(model, criterion, optimizer_ft, exp_lr_scheduler,
              File "/home/chutao@1/anaconda3/envs/pytorch1.7/lib/python3.8/site-packages/torch/utils/data/dataloader.py", line 1029, in _get_data
                raise RuntimeError('Pin memory thread exited unexpectedly')
            RuntimeError: Pin memory thread exited unexpectedly
            """;

        // Act
        var found = SessionDriver.FeedPrefiltered(BuiltIn.Value, SessionDriver.Lines(Log));

        // Assert: one symptom per traceback, the thread's at warning level, the main thread's an error.
        Assert.Collection(
            found.OrderBy(m => m.Start),
            thread =>
            {
                Assert.Equal("python.thread_exception", thread.Rule.Id);
                Assert.Equal(Severity.Warning, thread.Severity);
                Assert.Equal("ValueError", thread.Attrs["exception"]);
            },
            main =>
            {
                Assert.Equal("python.traceback", main.Rule.Id);
                Assert.Equal(Severity.Error, main.Severity);
                Assert.Equal("RuntimeError", main.Attrs["exception"]);
            });
    }
}
