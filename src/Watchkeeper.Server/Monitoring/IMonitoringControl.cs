namespace Watchkeeper.Server.Monitoring;

/// <summary>The calls by which the ledger notifies the monitoring engine of changed devices.</summary>
public interface IMonitoringControl
{
    /// <summary>A device was created or edited: reload it and probe it soon.</summary>
    void DeviceChanged(long deviceId);

    /// <summary>Runs the device's next round now instead of at its due time.</summary>
    void ProbeNow(long deviceId);

    /// <summary>A device was deleted: stop probing it.</summary>
    void DeviceRemoved(long deviceId);

    /// <summary>Many devices changed at once (an import): reload the whole ledger.</summary>
    void LedgerReloaded();
}
