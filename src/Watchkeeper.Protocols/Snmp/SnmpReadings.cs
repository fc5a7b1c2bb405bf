using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>What one probe collected from an agent, across all its GetRequests.</summary>
internal sealed class SnmpExchange(IReadOnlyList<int> interfaces)
{
    public IReadOnlyList<int> Interfaces { get; } = interfaces;

    public Dictionary<ObjectIdentifier, SnmpValue> Values { get; } = [];

    /// <summary>Things an engineer should know that are not findings: agent errors, missing bindings.</summary>
    public List<string> Notes { get; } = [];

    public bool Answered { get; set; }

    public (ProbeReason Reason, string Detail)? Failure { get; set; }

    /// <summary>Stores the bindings of a Response, or a note when the agent returned an error-status.</summary>
    public void Record(SnmpPdu response, IReadOnlyList<ObjectIdentifier> requested)
    {
        if (response.ErrorStatus != SnmpErrorStatus.NoError)
        {
            // RFC 3416 section 4.2.1: with an error-status the bindings carry no values worth reading.
            var subject = response.ErrorIndex >= 1 && response.ErrorIndex <= requested.Count
                ? $" at {requested[response.ErrorIndex - 1]}"
                : "";
            Notes.Add($"agent returned error {response.ErrorStatus}{subject}");
            return;
        }

        foreach (var varBind in response.VarBinds)
        {
            Values[varBind.Oid] = varBind.Value;
        }
    }
}

/// <summary>Turns the values read from an agent into facts and findings.</summary>
internal static class SnmpReadings
{
    /// <summary>Returns the valid, distinct ifIndex values of the ledger, in order; ifIndex starts at 1 (RFC 2863).</summary>
    public static IReadOnlyList<int> RequestedInterfaces(IReadOnlyList<int> ledgerInterfaces) =>
        ledgerInterfaces.Where(ifIndex => ifIndex > 0).Distinct().ToList();

    public static ProbeOutcome ToOutcome(ProbeKind kind, string endpointText, SnmpExchange exchange, TimeSpan latency)
    {
        var facts = new Dictionary<string, string>();
        var findings = new List<Finding>();
        var summary = new List<string>();

        if (exchange.Values.TryGetValue(SnmpProbe.SysUpTime, out var upTime) && upTime.Type == SnmpValueType.TimeTicks)
        {
            var seconds = upTime.ToInt64() / 100;
            facts[ProbeFacts.SysUpTimeSeconds] = seconds.ToString(CultureInfo.InvariantCulture);
            summary.Add($"up {TimeSpan.FromSeconds(seconds):d\\.hh\\:mm\\:ss}");
        }
        else if (upTime is not null)
        {
            exchange.Notes.Add($"sysUpTime.0 returned {upTime} instead of TimeTicks");
        }

        var up = 0;
        var unanswered = new List<int>();
        foreach (var ifIndex in exchange.Interfaces)
        {
            var oid = SnmpProbe.IfOperStatus.Append((uint)ifIndex);
            if (!exchange.Values.TryGetValue(oid, out var status))
            {
                unanswered.Add(ifIndex);
                continue;
            }

            var finding = InterfaceFinding(ifIndex, status);
            if (finding is null)
            {
                up++;
            }
            else
            {
                findings.Add(finding);
            }
        }

        if (exchange.Interfaces.Count > 0)
        {
            summary.Add($"{up} of {exchange.Interfaces.Count} interfaces up");
        }

        if (unanswered.Count > 0)
        {
            exchange.Notes.Add($"no ifOperStatus value for ifIndex {string.Join(", ", unanswered)}");
        }

        var detail = $"{endpointText}: {(summary.Count > 0 ? string.Join(", ", summary) : "responded")}";
        if (exchange.Notes.Count > 0)
        {
            detail += "; " + string.Join("; ", exchange.Notes);
        }

        return ProbeOutcome.Reachable(kind, latency, detail, findings) with { Facts = facts };
    }

    /// <summary>Returns an InterfaceDown finding unless ifOperStatus is up(1).</summary>
    private static Finding? InterfaceFinding(int ifIndex, SnmpValue status)
    {
        var subject = $"ifIndex {ifIndex.ToString(CultureInfo.InvariantCulture)}";
        if (status.Type == SnmpValueType.Integer)
        {
            var value = status.ToInt64();
            return value == 1
                ? null
                : new Finding(AlarmType.InterfaceDown, subject, $"{subject} ifOperStatus is {OperStatusName(value)}({value.ToString(CultureInfo.InvariantCulture)})");
        }

        if (status.Type is SnmpValueType.NoSuchInstance or SnmpValueType.NoSuchObject)
        {
            return new Finding(AlarmType.InterfaceDown, subject,
                $"{subject} does not exist on the device ({status}); check the interface list in the ledger or whether a module was removed");
        }

        return new Finding(AlarmType.InterfaceDown, subject, $"{subject} ifOperStatus returned {status.Type} {status} instead of an INTEGER");
    }

    /// <summary>Names the ifOperStatus values of RFC 2863.</summary>
    private static string OperStatusName(long value) => value switch
    {
        1 => "up",
        2 => "down",
        3 => "testing",
        4 => "unknown",
        5 => "dormant",
        6 => "notPresent",
        7 => "lowerLayerDown",
        _ => "undefined",
    };
}
