namespace Triage.Alerts.Delivery;

/// <summary>How <see cref="AlertDispatcher"/> sends.</summary>
public sealed record DeliveryOptions
{
    /// <summary>Requests waiting per destination; default 1,000. When full, a request is dropped with a warning and planned again next pass (nothing is recorded as sent that was not).</summary>
    public int QueueCapacity { get; init; } = 1_000;

    /// <summary>Tries per request; default 4.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>Wait before the second try, doubled for each further one; default 1 s.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
