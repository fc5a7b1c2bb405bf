namespace Watchkeeper.Core.Alarms;

/// <summary>
/// When an alarm counts as flapping. A fault that comes back within <see cref="Period"/> of its resolution reopens
/// the same alarm. An alarm that reopened <see cref="Transitions"/> times within <see cref="Period"/> (so it opened
/// more than that many times) starts flapping. It stops once <see cref="Settle"/> passes without a reopening or a
/// resolution.
/// </summary>
public sealed record FlappingPolicy(int Transitions, TimeSpan Period, TimeSpan Settle)
{
    public static readonly FlappingPolicy Default = new(5, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15));
}
