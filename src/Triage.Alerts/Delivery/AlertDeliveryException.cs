namespace Triage.Alerts.Delivery;

/// <summary>A destination refused a notification or could not be reached. Per item: logged and retried, never fatal to the watcher.</summary>
public sealed class AlertDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertDeliveryException(string message, bool retryable, Exception? innerException = null)
        : base(message, innerException)
    {
        Retryable = retryable;
    }

    /// <summary>True for a network failure, a timeout, 429 or 5xx; false for other 4xx (the request itself is wrong).</summary>
    public bool Retryable { get; }
}
