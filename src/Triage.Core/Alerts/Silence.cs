namespace Triage.Alerts;

/// <summary>
/// A stored silence: alerts whose labels match every matcher are not notified between
/// <see cref="StartsAt"/> and <see cref="EndsAt"/>. Matchers use Alertmanager's syntax
/// (<c>name=value</c>, <c>name!=value</c>, <c>name=~regex</c>, <c>name!~regex</c>).
/// </summary>
/// <param name="Id">Short id (<c>s-</c> + hex).</param>
/// <param name="Matchers">The matchers as written.</param>
/// <param name="StartsAt">From.</param>
/// <param name="EndsAt">Until (expiring a silence sets this to now).</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="Comment">Why.</param>
public sealed record Silence(string Id, IReadOnlyList<string> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment);
