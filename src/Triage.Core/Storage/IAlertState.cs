using Triage.Alerts;

namespace Triage.Storage;

/// <summary>
/// Optional capability of a store (not part of <see cref="ISymptomStore"/>): the state of
/// <c>triage watch</c> — alerts, what each destination was sent, silences — so that a restarted
/// watcher never re-sends what was already sent. <c>watch</c> and <c>silence</c> refuse a store
/// without it. Implementations are safe to call from several threads.
/// </summary>
public interface IAlertState
{
    /// <summary>Every stored alert (firing and resolved) of the given runs; all runs when empty.</summary>
    Task<IReadOnlyList<AlertRecord>> GetAlertsAsync(IReadOnlyCollection<string> runs, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces alerts by fingerprint, in one transaction.</summary>
    Task SaveAlertsAsync(IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken = default);

    /// <summary>What <paramref name="destination"/> was last sent, by key.</summary>
    Task<IReadOnlyDictionary<string, AlertDelivery>> GetDeliveriesAsync(string destination, CancellationToken cancellationToken = default);

    /// <summary>Records that a destination accepted something (replaces the key's previous record).</summary>
    Task SaveDeliveryAsync(AlertDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Adds a silence.</summary>
    Task AddSilenceAsync(Silence silence, CancellationToken cancellationToken = default);

    /// <summary>All silences, newest first (expired ones included; callers check the times).</summary>
    Task<IReadOnlyList<Silence>> GetSilencesAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends a silence at <paramref name="at"/>; false when there is no silence with that id.</summary>
    Task<bool> ExpireSilenceAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
