using Triage.Collectors.Extraction;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Collectors.Collection;

public sealed partial class RunCollector
{
    /// <summary>
    /// A saved <c>sinfo -R</c> (<see cref="SlurmReasonList"/>): one <c>job.node_fail</c> warning per host of
    /// each row, at the time Slurm set the reason (a node taken out of service: maintenance, a failed
    /// health check, not responding), as the drain lines of slurmctld's log are read. Rows the columns do
    /// not fit are named in the collect report. False when the file is not one (it is then read as a log).
    /// </summary>
    private async Task<bool> CollectReasonListAsync(SourcePlan plan, CollectTotals totals, CancellationToken cancellationToken)
    {
        var file = plan.File;
        var bytes = await File.ReadAllBytesAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        if (bytes.Length > SlurmReasonList.MaxBytes || SlurmReasonList.TryRead(bytes) is not { } table)
        {
            return false;
        }

        if (plan.Start.Offset == bytes.Length)
        {
            return true; // read before, unchanged
        }

        var symptoms = new List<Symptom>();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Hosts.Count; i++)
            {
                var attrs = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = row.Hosts[i], ["reason"] = row.Reason, ["user"] = row.User };
                if (row.State is not null)
                {
                    attrs["state"] = row.State;
                }

                symptoms.Add(new Symptom
                {
                    Id = SymptomId.Create(totals.Run, plan.SourceId, row.Offset, i == 0 ? SlurmReasonList.RuleId : SlurmReasonList.RuleId + "#" + row.Hosts[i]),
                    Timestamp = row.Time,
                    Run = totals.Run,
                    Host = row.Hosts[i],
                    Kind = "job.node_fail",
                    Category = SymptomCategory.Hardware,
                    Severity = Severity.Warning,
                    Signature = "sinfo-reason",
                    Message = row.Text,
                    Source = new SymptomSource(file.Path, row.Line, row.Offset),
                    Rule = SlurmReasonList.RuleId,
                    Attrs = attrs,
                });
            }
        }

        if (table.NotUnderstood.Count > 0)
        {
            var lines = string.Join(", ", table.NotUnderstood.Take(5)) + (table.NotUnderstood.Count > 5 ? ", ..." : string.Empty);
            await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, $"sinfo -R rows not understood (line {lines}): expected REASON USER TIMESTAMP [STATE] NODELIST", cancellationToken).ConfigureAwait(false);
        }

        totals.Count(bytes: bytes.Length, lines: table.Rows.Count + table.NotUnderstood.Count);
        var checkpoint = Checkpoint(totals.Run, plan, new SourceCursor(bytes.Length, 0, null), complete: true);
        var fresh = await AppendAsync(symptoms.ToArray(), checkpoint, cancellationToken).ConfigureAwait(false);
        totals.Count(found: symptoms.Count, fresh: fresh);
        CollectorLog.SourceRead(_logger, file.Path, bytes.Length, table.Rows.Count, symptoms.Count);
        return true;
    }
}
