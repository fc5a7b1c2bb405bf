namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>What a sender transmits: one stored delivery with its rendered message.</summary>
/// <param name="Address">E-mail addresses or mobile numbers, separated by commas or semicolons; empty for a group robot or webhook.</param>
public sealed record OutgoingMessage(long DeliveryId, NotificationKind Kind, string Recipient, string Address, string Subject, string Text, string? Html,
    IReadOnlyList<long> AlarmIds)
{
    public IReadOnlyList<string> Addresses => Address.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Sends messages through one kind of channel. A failed attempt throws; the delivery worker records the error and retries.</summary>
public interface INotificationSender
{
    NotificationChannelKind Kind { get; }

    Task SendAsync(ChannelSettings settings, OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>A channel's service accepted the request but responded with an error, such as a robot's non-zero errcode.</summary>
public sealed class NotificationSendException(string message) : Exception(message);
