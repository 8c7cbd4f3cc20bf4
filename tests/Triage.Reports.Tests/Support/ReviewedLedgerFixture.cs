using Triage.Reports.Model;

namespace Triage.Reports.Tests.Support;

/// <summary>samples/torch-sum analysed and reviewed once per test class, and its report.</summary>
public sealed class ReviewedLedgerFixture : IAsyncLifetime
{
    internal Ledger Ledger { get; private set; } = null!;

    internal PostMortem Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ledger = await Ledger.AnalyzeAsync();
        await Ledger.ReviewAsync();
        Report = await Ledger.BuildAsync();
    }

    public async Task DisposeAsync() => await Ledger.DisposeAsync();
}
