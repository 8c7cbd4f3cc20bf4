using Triage.Collectors.Collection;

namespace Triage.Collectors.Tests.Collection;

public sealed class WriteBehindTests
{
    [Fact]
    public async Task EnqueueAsync_ReturnsBeforeTheWriteEnds_AndTheNextWaitsForIt()
    {
        // Arrange
        var writer = new WriteBehind();
        var release = new TaskCompletionSource();
        var log = new List<string>();

        // Act: the first write blocks until released; enqueueing it must not wait for it.
        await writer.EnqueueAsync(
            async () =>
            {
                await release.Task;
                lock (log)
                {
                    log.Add("first written");
                }
            },
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var second = writer.EnqueueAsync(
            () =>
            {
                lock (log)
                {
                    log.Add("second written");
                }

                return Task.CompletedTask;
            },
            CancellationToken.None);
        await Task.Delay(50);
        var secondWaited = !second.IsCompleted;
        release.SetResult();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        await writer.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.True(secondWaited);
        Assert.Equal(["first written", "second written"], log);
    }

    [Fact]
    public async Task EnqueueAsync_ManyWrites_RunInOrderOneAtATime()
    {
        // Arrange
        var writer = new WriteBehind();
        var order = new List<int>();
        var running = 0;
        var overlapped = false;

        // Act
        for (var i = 0; i < 50; i++)
        {
            var n = i;
            await writer.EnqueueAsync(
                async () =>
                {
                    overlapped |= Interlocked.Increment(ref running) > 1;
                    await Task.Delay(n % 3);
                    order.Add(n);
                    Interlocked.Decrement(ref running);
                },
                CancellationToken.None);
        }

        await writer.DrainAsync();

        // Assert
        Assert.False(overlapped);
        Assert.Equal(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public async Task EnqueueAsync_AfterAFailedWrite_RethrowsAndDoesNotStartTheNext()
    {
        // Arrange
        var writer = new WriteBehind();
        var started = false;
        await writer.EnqueueAsync(() => throw new IOException("disk full"), CancellationToken.None);

        // Act + Assert
        var ex = await Assert.ThrowsAsync<IOException>(() => writer.EnqueueAsync(() => { started = true; return Task.CompletedTask; }, CancellationToken.None));
        Assert.Equal("disk full", ex.Message);
        Assert.False(started);
        await Assert.ThrowsAsync<IOException>(writer.DrainAsync);
        await writer.DrainQuietlyAsync();
    }

    [Fact]
    public async Task EnqueueAsync_Cancelled_DoesNotStartTheWrite()
    {
        // Arrange
        var writer = new WriteBehind();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var started = false;

        // Act
        await writer.EnqueueAsync(() => { started = true; return Task.CompletedTask; }, cts.Token);

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(writer.DrainAsync);
        Assert.False(started);
    }
}
