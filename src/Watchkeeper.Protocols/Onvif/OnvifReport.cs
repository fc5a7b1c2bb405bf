using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>What one ONVIF probe learned, step by step.</summary>
internal sealed class OnvifReport
{
    public Dictionary<string, string> Facts { get; } = [];

    public List<Finding> Findings { get; } = [];

    /// <summary>Short results of the steps that worked, e.g. "clock +2 s (UTCDateTime)".</summary>
    public List<string> Summary { get; } = [];

    /// <summary>Steps that failed without making the device unreachable, with the reason.</summary>
    public List<string> Notes { get; } = [];

    public string Detail(string endpoint)
    {
        var detail = Summary.Count > 0 ? $"{endpoint}: {string.Join(", ", Summary)}" : endpoint;
        return Notes.Count > 0 ? $"{detail}; {string.Join("; ", Notes)}" : detail;
    }
}
