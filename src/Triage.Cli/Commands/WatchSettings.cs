using Microsoft.Extensions.Logging;
using Triage.Alerts.Delivery;
using Triage.Alerts.Rules;

namespace Triage.Cli.Commands;

/// <summary>What <c>triage watch</c> was asked to do.</summary>
internal sealed record WatchSettings
{
    public required IReadOnlyList<string> Directories { get; init; }

    public string? Run { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    public bool Once { get; init; }

    public string? Rules { get; init; }

    public string? Store { get; init; }

    public required AlertRuleSet Alerts { get; init; }

    public IReadOnlyList<IAlertDestination> Destinations { get; init; } = [];

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How long <c>--once</c> waits for the destinations before giving up.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
