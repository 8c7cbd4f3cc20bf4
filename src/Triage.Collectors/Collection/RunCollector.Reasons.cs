using Triage.Storage;

namespace Triage.Collectors.Collection;

public sealed partial class RunCollector
{
    /// <summary>
    /// A saved <c>sinfo -R</c> (<see cref="SlurmReasonList.Symptoms"/>); rows the columns do not fit are
    /// named in the collect report. False when the file is not one (it is then read as a log).
    /// </summary>
    private async Task<bool> CollectReasonListAsync(SourcePlan plan, CollectTotals totals, CancellationToken cancellationToken)
    {
        var file = plan.File;
        if (await ReadWholeFileAsync(plan, SlurmReasonList.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } bytes || SlurmReasonList.TryRead(bytes) is not { } table)
        {
            return false;
        }

        if (plan.Start.Offset == bytes.Length)
        {
            return true; // read before, unchanged
        }

        var symptoms = SlurmReasonList.Symptoms(table, totals.Run, plan.SourceId, file.Path);
        if (SlurmReasonList.Problem(table) is { } problem)
        {
            await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, problem, cancellationToken).ConfigureAwait(false);
        }

        await AppendWholeFileAsync(plan, totals, bytes.Length, table.Rows.Count + table.NotUnderstood.Count, null, symptoms, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
