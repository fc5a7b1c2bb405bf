namespace Watchkeeper.Server.Notifications;

/// <summary>Settings under <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Runs the delivery worker; off in tests that drive <see cref="DeliveryProcessor"/> themselves.</summary>
    public bool Enabled { get; set; } = true;

    public DeliveryOptions Delivery { get; set; } = new();
}

/// <summary>Settings under <c>Notifications:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Attempts before a delivery is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    public static readonly TimeSpan[] DefaultBackoff = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    /// <summary>
    /// Waits after the 1st, 2nd, … failed attempt; the last one repeats for later attempts. Empty means
    /// <see cref="DefaultBackoff"/>. (The default is not the property's initial value because the configuration binder
    /// would overwrite only the first entries of a longer array.)
    /// </summary>
    public TimeSpan[] Backoff { get; set; } = [];

    /// <summary>Deliveries sent at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Deliveries claimed per pass of the worker.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How often the worker looks for due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one attempt (connect, send and response).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claimed delivery stays hidden from other passes. A worker that crashes mid-send leaves the delivery
    /// Pending with this due time, so it is retried then.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan BackoffAfter(int attempts)
    {
        var waits = Backoff.Length == 0 ? DefaultBackoff : Backoff;
        return waits[Math.Clamp(attempts - 1, 0, waits.Length - 1)];
    }
}
