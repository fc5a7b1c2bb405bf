using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Protocols.Gb28181;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Gb28181;

/// <summary>How a query the platform sent ended, for the API and the console.</summary>
public sealed record GbQueryResult(GbQueryOutcome Outcome, int Received, int? Expected, string Detail)
{
    public static GbQueryResult Failed(string detail) => new(GbQueryOutcome.NeverAnswered, 0, null, detail);
}

/// <summary>
/// Sends catalog, DeviceInfo, DeviceStatus and RecordInfo queries, matches the responses by (device, SN), assembles
/// responses split over many messages, and applies what arrived to the ledger. A response that matches no outstanding
/// query is an unsolicited update and is applied as one: it never shrinks the known catalog.
/// </summary>
public sealed partial class GbQueryManager(
    GbSessionBook book,
    DeviceDirectory devices,
    GbLedger ledger,
    GbLivenessWatch watch,
    IMonitoringControl monitoring,
    IOptionsMonitor<Gb28181Options> options,
    TimeProvider time,
    ILogger<GbQueryManager> logger)
{
    private const int SendAttempts = 2;

    private readonly ConcurrentDictionary<(string DeviceId, long Sn), PendingAssembly<CatalogAssembly>> _catalogs = new();
    private readonly ConcurrentDictionary<(string DeviceId, long Sn), PendingAssembly<RecordInfoAssembly>> _records = new();
    private readonly ConcurrentDictionary<(string DeviceId, long Sn), TaskCompletionSource<ManscdpMessage>> _single = new();
    private long _sn = Random.Shared.Next(1, 100_000);

    /// <summary>The SIP server, once it listens; queries fail with a clear reason before that.</summary>
    public IGbRequestSender? Sender { get; set; }

    public long NextSn() => Interlocked.Increment(ref _sn);

    /// <summary>Returns the session of a registered device, or null, also when the device is outside the current scope.</summary>
    /// <remarks>
    /// The session book contains every device, so the scope is checked here. NOTE: a restricted user finds only
    /// devices that the monitoring directory has loaded.
    /// </remarks>
    public GbSession? Find(string gbId)
    {
        var session = book.Find(gbId);
        if (session is null || OrganizationScope.Current is not { IsUnrestricted: false } scope)
        {
            return session;
        }

        return devices.Find(session.DeviceId) is { } device && scope.Includes(device.OrganizationId) ? session : null;
    }

    /// <summary>Asks a device for its whole catalog and waits until it is complete or the wait times out.</summary>
    public async Task<GbQueryResult> QueryCatalogAsync(string gbId, CancellationToken cancellationToken)
    {
        if (Usable(gbId, out var session) is { } refusal)
        {
            return refusal;
        }

        var sn = NextSn();
        var pending = new PendingAssembly<CatalogAssembly>(new CatalogAssembly(gbId, sn), time.GetUtcNow());
        _catalogs[(gbId, sn)] = pending;
        try
        {
            await ledger.SaveCatalogOutcomeAsync(session.DeviceId, GbQueryOutcome.Pending, 0, null, cancellationToken);
            var sent = await SendAsync(session, () => ManscdpQueries.Catalog(sn, gbId), cancellationToken);
            var progress = sent.Accepted ? await WaitAsync(pending, cancellationToken) : pending.Assembly.Expire();
            _catalogs.TryRemove((gbId, sn), out _);

            var items = pending.Assembly.Items;
            var outcome = ToOutcome(progress.State);
            await ApplyCatalogAsync(session, items.Select(ToEntry).ToList(), pending.StartedAt, cancellationToken);
            await ledger.SaveCatalogOutcomeAsync(session.DeviceId, outcome, progress.ReceivedCount, progress.SumNum, cancellationToken);
            LogCatalogEnded(gbId, sn, outcome, progress.ReceivedCount, progress.SumNum);
            var detail = sent.Accepted ? $"catalog {progress} ({progress.PartCount} messages)" : $"query not accepted: {sent.Detail}";
            return new GbQueryResult(outcome, progress.ReceivedCount, progress.SumNum, detail);
        }
        finally
        {
            _catalogs.TryRemove((gbId, sn), out _);
        }
    }

    /// <summary>Asks a device for DeviceInfo and applies manufacturer, model and firmware to the ledger.</summary>
    public Task<GbQueryResult> QueryDeviceInfoAsync(string gbId, CancellationToken cancellationToken) =>
        QuerySingleAsync(gbId, sn => ManscdpQueries.DeviceInfo(sn, gbId), "DeviceInfo", cancellationToken);

    /// <summary>Asks a device for DeviceStatus and applies it to the session and the database.</summary>
    public Task<GbQueryResult> QueryDeviceStatusAsync(string gbId, CancellationToken cancellationToken) =>
        QuerySingleAsync(gbId, sn => ManscdpQueries.DeviceStatus(sn, gbId), "DeviceStatus", cancellationToken);

    /// <summary>Asks for the recordings of a channel in a time range and stores what arrived.</summary>
    public async Task<GbQueryResult> QueryRecordsAsync(string ownerGbId, string channelGbId, DateTimeOffset from, DateTimeOffset to,
        string? requestedBy, CancellationToken cancellationToken) =>
        (await QueryRecordEntriesAsync(ownerGbId, channelGbId, from, to, requestedBy, storeSegments: true, cancellationToken)).Result;

    /// <summary>
    /// Asks for the recordings of a channel in a time range and returns how the query ended with the recordings that
    /// arrived. The query is always stored; its recordings only with <paramref name="storeSegments"/>, because the daily
    /// recording check keeps its own summary and would otherwise add every file of every channel every day.
    /// </summary>
    public async Task<(GbQueryResult Result, IReadOnlyList<GbRecordEntry> Entries)> QueryRecordEntriesAsync(string ownerGbId, string channelGbId,
        DateTimeOffset from, DateTimeOffset to, string? requestedBy, bool storeSegments, CancellationToken cancellationToken)
    {
        if (Usable(ownerGbId, out var session) is { } refusal)
        {
            return (refusal, []);
        }

        var sn = NextSn();
        var zone = time.LocalTimeZone;
        var pending = new PendingAssembly<RecordInfoAssembly>(new RecordInfoAssembly(channelGbId, sn), time.GetUtcNow());
        _records[(channelGbId, sn)] = pending;
        try
        {
            var query = await ledger.StartRecordQueryAsync(session.DeviceId, channelGbId, from, to, (int)sn, requestedBy, cancellationToken);
            var sent = await SendAsync(session, () => ManscdpQueries.RecordInfo(sn, channelGbId,
                TimeZoneInfo.ConvertTime(from, zone).DateTime, TimeZoneInfo.ConvertTime(to, zone).DateTime), cancellationToken);
            var progress = sent.Accepted ? await WaitAsync(pending, cancellationToken) : pending.Assembly.Expire();
            _records.TryRemove((channelGbId, sn), out _);

            var outcome = ToOutcome(progress.State);
            var entries = pending.Assembly.Items
                .Where(i => i.StartTime is not null && i.EndTime is not null)
                .Select(i => new GbRecordEntry(i.DeviceId, Local(i.StartTime!.Value, zone), Local(i.EndTime!.Value, zone), i.Type, i.Name, i.FilePath, i.FileSize, i.RecorderId))
                .ToList();
            await ledger.FinishRecordQueryAsync(query, outcome, progress.ReceivedCount, progress.SumNum, storeSegments ? entries : [], cancellationToken);
            var detail = sent.Accepted ? $"records {progress} ({progress.PartCount} messages)" : $"query not accepted: {sent.Detail}";
            return (new GbQueryResult(outcome, progress.ReceivedCount, progress.SumNum, detail), entries);
        }
        finally
        {
            _records.TryRemove((channelGbId, sn), out _);
        }
    }

    /// <summary>Subscribes to the device's catalog events (ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE) for the given time.</summary>
    public async Task<GbQueryResult> SubscribeCatalogAsync(string gbId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (Usable(gbId, out var session) is { } refusal)
        {
            return refusal;
        }

        var sn = NextSn();
        var expires = (int)Math.Clamp(lifetime.TotalSeconds, 60, 86_400);
        var sent = await Sender!.SendSubscribeAsync(session, ManscdpQueries.CatalogSubscribe(sn, gbId), expires, cancellationToken);
        LogSubscribed(gbId, expires, sent.Detail);
        return sent.Accepted
            ? new GbQueryResult(GbQueryOutcome.Complete, 0, null, $"catalog subscription accepted for {expires} s")
            : GbQueryResult.Failed($"catalog subscription not accepted: {sent.Detail}");
    }

    /// <summary>Handles a catalog part: adds it to its query, or applies it as an update when no query matches.</summary>
    public async Task OnCatalogAsync(GbSession session, CatalogResponse part, CancellationToken cancellationToken)
    {
        if (!part.IsNotify && _catalogs.TryGetValue((part.DeviceId, part.Sn), out var pending))
        {
            var progress = pending.Assembly.Add(part);
            pending.Touch(time.GetUtcNow());
            if (progress.State == AssemblyState.Complete)
            {
                pending.Finished.TrySetResult();
            }

            return;
        }

        await ApplyCatalogAsync(session, part.Items.Select(ToEntry).ToList(), reportedAt: null, cancellationToken);
    }

    /// <summary>Handles a RecordInfo part.</summary>
    public void OnRecordInfo(RecordInfoResponse part)
    {
        if (_records.TryGetValue((part.DeviceId, part.Sn), out var pending))
        {
            var progress = pending.Assembly.Add(part);
            pending.Touch(time.GetUtcNow());
            if (progress.State == AssemblyState.Complete)
            {
                pending.Finished.TrySetResult();
            }
        }
        else
        {
            LogUnmatchedRecords(part.DeviceId, part.Sn);
        }
    }

    /// <summary>Handles a DeviceInfo response, asked for or not.</summary>
    public async Task OnDeviceInfoAsync(GbSession session, DeviceInfoResponse info, CancellationToken cancellationToken)
    {
        await ledger.ApplyDeviceInfoAsync(session.DeviceId, new GbDeviceInfo(info.DeviceName, info.Manufacturer, info.Model, info.Firmware), cancellationToken);
        Complete(info);
    }

    /// <summary>Handles a DeviceStatus response: Record OFF, Encode OFF and the clock skew become findings.</summary>
    public async Task OnDeviceStatusAsync(GbSession session, DeviceStatusResponse status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long? skew = status.DeviceTime is { } deviceTime
            ? (long)Math.Round((Local(deviceTime, time.LocalTimeZone) - now).TotalSeconds)
            : null;
        var snapshot = new GbStatusSnapshot(now, status.IsEncoding, status.IsRecording, skew, status.Online, status.Status);
        var changed = session.Status is not { } previous
            || previous.Encoding != snapshot.Encoding || previous.Recording != snapshot.Recording
            || Math.Abs((previous.ClockSkewSeconds ?? 0) - (skew ?? 0)) > options.CurrentValue.ClockSkewThresholdSeconds;
        session.Status = snapshot;
        var inputs = string.Join(",", status.AlarmInputs.Select(a => $"{a.DeviceId}={a.DutyStatus}"));
        await ledger.SaveStatusAsync(session.DeviceId, snapshot, inputs.Length == 0 ? null : inputs, cancellationToken);
        if (changed)
        {
            monitoring.ProbeNow(session.DeviceId);
        }

        Complete(status);
    }

    /// <summary>Holds a reported alarm open on its device or channel and requests a round so that it opens now.</summary>
    public void OnAlarm(GbSession session, AlarmNotify alarm)
    {
        var now = time.GetUtcNow();
        var type = AlarmTypeOf(alarm.Category);
        var channel = session.HasChannels ? session.Channels.GetValueOrDefault(alarm.DeviceId) : null;
        var onChannel = channel?.LedgerDeviceId is not null;
        var target = onChannel ? alarm.DeviceId : session.GbId;
        var subject = onChannel || alarm.DeviceId == session.GbId ? "" : alarm.DeviceId;
        if (type == AlarmType.DeviceReported)
        {
            subject = string.Join(" ", new[] { subject, alarm.Category.ToString() }.Where(s => s.Length > 0));
        }

        var detail = $"{alarm.Category} (AlarmMethod {Text(alarm.AlarmMethod)}, AlarmType {Text(alarm.AlarmType)}, priority {Text(alarm.AlarmPriority)}) at {alarm.AlarmTime?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) ?? "unknown time"} device time"
            + (string.IsNullOrWhiteSpace(alarm.AlarmDescription) ? "" : $": {alarm.AlarmDescription}");
        var hold = TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.DeviceAlarmHoldMinutes));
        session.Alarms[(target, type, subject)] = new GbReportedAlarm(type, subject, detail, now, now + hold);
        monitoring.ProbeNow(onChannel ? channel!.LedgerDeviceId!.Value : session.DeviceId);
    }

    /// <summary>Maps an alarm notify category to the alarm type it opens.</summary>
    public static AlarmType AlarmTypeOf(AlarmCategory category) => category switch
    {
        AlarmCategory.VideoLoss => AlarmType.VideoLoss,
        AlarmCategory.VideoAbnormal or AlarmCategory.Tamper or AlarmCategory.ImageOcclusion => AlarmType.VideoAbnormal,
        AlarmCategory.DiskFull => AlarmType.DiskFull,
        AlarmCategory.DiskFault => AlarmType.DiskAbnormal,
        AlarmCategory.FanFault => AlarmType.FanFault,
        AlarmCategory.HighTemperature => AlarmType.HighTemperature,
        AlarmCategory.LowTemperature => AlarmType.LowTemperature,
        _ => AlarmType.DeviceReported,
    };

    private async Task<GbQueryResult> QuerySingleAsync(string gbId, Func<long, byte[]> body, string command, CancellationToken cancellationToken)
    {
        if (Usable(gbId, out var session) is { } refusal)
        {
            return refusal;
        }

        var sn = NextSn();
        var response = new TaskCompletionSource<ManscdpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _single[(gbId, sn)] = response;
        try
        {
            var sent = await SendAsync(session, () => body(sn), cancellationToken);
            if (!sent.Accepted)
            {
                return GbQueryResult.Failed($"{command} query not accepted: {sent.Detail}");
            }

            var timeout = TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.QueryTimeoutSeconds));
            try
            {
                await response.Task.WaitAsync(timeout, time, cancellationToken);
                return new GbQueryResult(GbQueryOutcome.Complete, 1, 1, $"{command} received");
            }
            catch (TimeoutException)
            {
                return GbQueryResult.Failed($"{command} accepted but no response within {timeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            _single.TryRemove((gbId, sn), out _);
        }
    }

    private void Complete(ManscdpMessage message)
    {
        if (_single.TryGetValue((message.DeviceId, message.Sn), out var response))
        {
            response.TrySetResult(message);
        }
    }

    private GbQueryResult? Usable(string gbId, out GbSession session)
    {
        session = book.Find(gbId)!;
        if (session is null)
        {
            return GbQueryResult.Failed($"{gbId} has never registered to the platform");
        }

        if (Sender is null)
        {
            return GbQueryResult.Failed("the GB/T 28181 server is not running");
        }

        var liveness = GbHealthEvaluator.Liveness(session, time.GetUtcNow(), book.StartedAt);
        return liveness == GbLiveness.Alive || session.Remote is not null && liveness == GbLiveness.Unknown
            ? null
            : GbQueryResult.Failed($"{gbId} is not online ({liveness}); queries are sent only to registered devices whose keepalives arrive");
    }

    private async Task<GbSendResult> SendAsync(GbSession session, Func<byte[]> body, CancellationToken cancellationToken)
    {
        var result = new GbSendResult(0, "not sent");
        for (var attempt = 1; attempt <= SendAttempts; attempt++)
        {
            result = await Sender!.SendMessageAsync(session, body(), cancellationToken);
            if (result.Accepted || result.StatusCode is >= 400 and < 500)
            {
                return result;
            }

            LogSendRetry(session.GbId, attempt, result.Detail);
        }

        return result;
    }

    /// <summary>Waits until the assembly completes, or until no part arrived for the query timeout.</summary>
    private async Task<AssemblyProgress> WaitAsync<T>(PendingAssembly<T> pending, CancellationToken cancellationToken)
        where T : class
    {
        var quiet = TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.QueryTimeoutSeconds));
        while (true)
        {
            var deadline = pending.LastPartAt + quiet;
            var wait = deadline - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return Expire(pending);
            }

            try
            {
                await pending.Finished.Task.WaitAsync(wait, time, cancellationToken);
                return Progress(pending);
            }
            catch (TimeoutException)
            {
                // A part may have arrived meanwhile and moved the deadline: look again.
            }
        }
    }

    private static AssemblyProgress Progress<T>(PendingAssembly<T> pending) where T : class => pending.Assembly switch
    {
        CatalogAssembly catalog => catalog.Progress,
        RecordInfoAssembly records => records.Progress,
        _ => throw new InvalidOperationException($"Unknown assembly {typeof(T).Name}"),
    };

    private static AssemblyProgress Expire<T>(PendingAssembly<T> pending) where T : class => pending.Assembly switch
    {
        CatalogAssembly catalog => catalog.Expire(),
        RecordInfoAssembly records => records.Expire(),
        _ => throw new InvalidOperationException($"Unknown assembly {typeof(T).Name}"),
    };

    private async Task ApplyCatalogAsync(GbSession session, IReadOnlyCollection<GbCatalogEntry> entries, DateTimeOffset? reportedAt, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var known = session.HasChannels ? session.Channels.Keys.ToHashSet() : [];
        IReadOnlyList<long> ids;
        await session.CatalogWrite.WaitAsync(cancellationToken);
        try
        {
            ids = await ledger.ApplyCatalogAsync(session, book, entries, reportedAt, cancellationToken);
        }
        finally
        {
            session.CatalogWrite.Release();
        }

        if (entries.Any(e => !known.Contains(e.DeviceId)))
        {
            monitoring.LedgerReloaded();
        }

        foreach (var id in ids)
        {
            monitoring.ProbeNow(id);
        }

        watch.Check(session);
    }

    private static GbCatalogEntry ToEntry(CatalogItem item) => new(item.DeviceId, item.Name, item.Manufacturer, item.Model, item.Address,
        item.CivilCode, item.ParentId, item.Status, EventName(item.Event));

    /// <summary>Returns the event as the standard spells it (ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE).</summary>
    private static string? EventName(CatalogEvent? catalogEvent) => catalogEvent switch
    {
        CatalogEvent.On => "ON",
        CatalogEvent.Off => "OFF",
        CatalogEvent.VideoLost => "VLOST",
        CatalogEvent.Defect => "DEFECT",
        CatalogEvent.Add => "ADD",
        CatalogEvent.Delete => "DEL",
        CatalogEvent.Update => "UPDATE",
        _ => null,
    };

    private static GbQueryOutcome ToOutcome(AssemblyState state) => state switch
    {
        AssemblyState.Complete => GbQueryOutcome.Complete,
        AssemblyState.Partial => GbQueryOutcome.Partial,
        AssemblyState.NeverAnswered => GbQueryOutcome.NeverAnswered,
        _ => GbQueryOutcome.Pending,
    };

    /// <summary>Reads a device's wall-clock time as the platform's zone. NOTE: devices do not send their zone; one set to another zone shows as skew.</summary>
    private static DateTimeOffset Local(DateTime wallClock, TimeZoneInfo zone) =>
        new(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified)));

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private sealed class PendingAssembly<T>(T assembly, DateTimeOffset startedAt) where T : class
    {
        private long _lastPartTicks = startedAt.UtcTicks;

        public T Assembly { get; } = assembly;

        /// <summary>When the query was sent: items it brings are as old as this.</summary>
        public DateTimeOffset StartedAt { get; } = startedAt;

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset LastPartAt => new(Interlocked.Read(ref _lastPartTicks), TimeSpan.Zero);

        public void Touch(DateTimeOffset at) => Interlocked.Exchange(ref _lastPartTicks, at.UtcTicks);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog subscription to {GbId} for {Expires} s: {Detail}")]
    private partial void LogSubscribed(string gbId, int expires, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog query {Sn} of {GbId} ended {Outcome} with {Received}/{Expected} items")]
    private partial void LogCatalogEnded(string gbId, long sn, GbQueryOutcome outcome, int received, int? expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query to {GbId} failed on attempt {Attempt} ({Detail}); sending again")]
    private partial void LogSendRetry(string gbId, int attempt, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "RecordInfo part for {ChannelGbId} SN {Sn} matches no outstanding query and was dropped")]
    private partial void LogUnmatchedRecords(string channelGbId, long sn);
}
