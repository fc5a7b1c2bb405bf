namespace Watchkeeper.Core.Changes;

/// <summary>One device's health at an instant: reachable or not, its open alarm types and its failed diagnosis checks.</summary>
public sealed record DeviceHealthSnapshot(long DeviceId, string Name, bool Online, IReadOnlyList<string> OpenAlarmTypes, IReadOnlyList<string> DiagnosisProblems);

public enum RegressionKind
{
    /// <summary>Online before the window, offline after it.</summary>
    WentOffline,

    /// <summary>An alarm type open after the window that was not open before it.</summary>
    NewAlarm,

    /// <summary>A diagnosis problem (such as blur or signal loss) found after the window and not before it.</summary>
    NewDiagnosisProblem,

    /// <summary>A device in scope with a snapshot before the window and none after it (deleted, or never checked).</summary>
    Missing,
}

/// <summary>Something worse after the change than before it, on one device.</summary>
public sealed record HealthRegression(long DeviceId, string DeviceName, RegressionKind Kind, string Detail);

/// <summary>Compares the affected devices' health from before a change's window with their health after it.</summary>
public static class HealthComparison
{
    public static IReadOnlyList<HealthRegression> Compare(IEnumerable<DeviceHealthSnapshot> before, IEnumerable<DeviceHealthSnapshot> after)
    {
        var now = after.ToDictionary(s => s.DeviceId);
        var regressions = new List<HealthRegression>();
        foreach (var then in before.OrderBy(s => s.DeviceId))
        {
            if (!now.TryGetValue(then.DeviceId, out var current))
            {
                regressions.Add(new HealthRegression(then.DeviceId, then.Name, RegressionKind.Missing, ""));
                continue;
            }

            if (then.Online && !current.Online)
            {
                regressions.Add(new HealthRegression(then.DeviceId, then.Name, RegressionKind.WentOffline, ""));
            }

            regressions.AddRange(current.OpenAlarmTypes.Except(then.OpenAlarmTypes).Order(StringComparer.Ordinal)
                .Select(type => new HealthRegression(then.DeviceId, then.Name, RegressionKind.NewAlarm, type)));
            regressions.AddRange(current.DiagnosisProblems.Except(then.DiagnosisProblems).Order(StringComparer.Ordinal)
                .Select(problem => new HealthRegression(then.DeviceId, then.Name, RegressionKind.NewDiagnosisProblem, problem)));
        }

        return regressions;
    }
}
