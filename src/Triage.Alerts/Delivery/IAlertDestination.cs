using Triage.Alerts.Rules;

namespace Triage.Alerts.Delivery;

/// <summary>
/// Where notifications go. <see cref="Plan"/> decides what is due from the alerts and what this
/// destination already accepted (so a restart re-sends nothing); <see cref="SendAsync"/> sends one.
/// Implementations are thread-safe.
/// </summary>
public interface IAlertDestination
{
    /// <summary>Name under which deliveries are recorded, e.g. <c>alertmanager:http://127.0.0.1:9093/</c> (never with credentials).</summary>
    string Name { get; }

    /// <summary>What is due now.</summary>
    IReadOnlyList<Outgoing> Plan(IReadOnlyList<AlertRecord> alerts, IReadOnlyDictionary<string, AlertDelivery> delivered, IReadOnlyList<Silence> silences, AlertRoute route, DateTimeOffset now);

    /// <summary>Sends one request.</summary>
    /// <exception cref="AlertDeliveryException">Refused or unreachable; <see cref="AlertDeliveryException.Retryable"/> says whether trying again can help.</exception>
    Task SendAsync(Outgoing outgoing, CancellationToken cancellationToken);
}
