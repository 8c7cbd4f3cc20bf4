namespace Triage.Collectors.Tests;

public sealed class BesideTests
{
    [Fact]
    public async Task Start_Concurrent_ThePassRunsBeforeTheResultIsAskedFor()
    {
        // Arrange: a pass that signals when it runs.
        using var started = new ManualResetEventSlim();
        int Pass(CancellationToken ct)
        {
            started.Set();
            return 1;
        }

        // Act
        var metrics = new Beside<int>(Pass, concurrent: true, CancellationToken.None);
        var ranAlone = started.Wait(TimeSpan.FromSeconds(30));
        await metrics.ResultAsync();

        // Assert: it ran beside the caller, without being awaited.
        Assert.True(metrics.Concurrent);
        Assert.True(ranAlone);
    }

    [Fact]
    public async Task Start_NotConcurrent_ThePassRunsOnlyWhenTheResultIsAskedFor()
    {
        // Arrange
        var runs = 0;
        int Pass(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            return 1;
        }

        // Act
        var metrics = new Beside<int>(Pass, concurrent: false, CancellationToken.None);
        await Task.Delay(50);
        var before = Volatile.Read(ref runs);
        await metrics.ResultAsync();

        // Assert
        Assert.False(metrics.Concurrent);
        Assert.Equal(0, before);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task AbandonAsync_CancelsTheRunningPassAndWaitsForIt()
    {
        // Arrange: a pass that runs until it is cancelled.
        using var started = new ManualResetEventSlim();
        var ended = false;
        int Pass(CancellationToken ct)
        {
            started.Set();
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    Thread.Sleep(1);
                }
            }
            finally
            {
                Volatile.Write(ref ended, true);
            }
        }

        var metrics = new Beside<int>(Pass, concurrent: true, CancellationToken.None);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        // Act
        await metrics.AbandonAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.True(Volatile.Read(ref ended));
    }
}
