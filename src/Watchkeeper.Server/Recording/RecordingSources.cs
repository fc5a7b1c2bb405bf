using System.Net;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Recording;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Server.Recording;

/// <summary>The recordings a device listed for a range, or why they could not be fetched completely.</summary>
public sealed record RecordingFetch(bool Succeeded, IReadOnlyList<TimeInterval> Recordings, string Detail)
{
    public static RecordingFetch Found(IReadOnlyList<TimeInterval> recordings, string detail) => new(true, recordings, detail);

    public static RecordingFetch Failed(string detail) => new(false, [], detail);
}

/// <summary>
/// Fetches a channel's recordings for a range from its recorder, through GB/T 28181 RecordInfo or the ISAPI search.
/// A fetch succeeds only with the device's whole list: a partial list would show recorded time as gaps.
/// </summary>
public sealed class RecordingFetcher(GbQueryManager gbQueries, CredentialProtector credentials, IOptionsMonitor<RecordingOptions> options)
{
    public async Task<RecordingFetch> FetchAsync(RecordingChannel channel, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (channel.Problem is { } problem)
        {
            return RecordingFetch.Failed(problem);
        }

        return channel.Source switch
        {
            RecordingSource.Gb28181 => await FetchGbAsync(channel, from, to, cancellationToken),
            RecordingSource.Isapi => await FetchIsapiAsync(channel, from, to, zone, cancellationToken),
            _ => RecordingFetch.Failed($"unknown recording source {channel.Source}"),
        };
    }

    private async Task<RecordingFetch> FetchGbAsync(RecordingChannel channel, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // The query is stored, and PostgreSQL stores only UTC offsets.
        var (result, entries) = await gbQueries.QueryRecordEntriesAsync(channel.OwnerGbId!, channel.ChannelGbId!, from.ToUniversalTime(), to.ToUniversalTime(),
            "recording check", storeSegments: false, cancellationToken);
        if (result.Outcome != GbQueryOutcome.Complete)
        {
            return RecordingFetch.Failed($"GB/T 28181 RecordInfo of {channel.ChannelGbId} via {channel.OwnerGbId} ended {result.Outcome}: {result.Detail}");
        }

        if (entries.Count < result.Received)
        {
            return RecordingFetch.Failed($"GB/T 28181 RecordInfo of {channel.ChannelGbId}: {result.Received - entries.Count} of {result.Received} items lack a readable StartTime or EndTime");
        }

        var inverted = entries.FirstOrDefault(e => e.End < e.Start);
        if (inverted is not null)
        {
            return RecordingFetch.Failed($"GB/T 28181 RecordInfo of {channel.ChannelGbId}: an item ends ({inverted.End:O}) before it starts ({inverted.Start:O})");
        }

        return RecordingFetch.Found(entries.Select(e => new TimeInterval(e.Start, e.End)).ToList(), $"GB/T 28181 RecordInfo: {result.Detail}");
    }

    private async Task<RecordingFetch> FetchIsapiAsync(RecordingChannel channel, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(channel.RecorderUrl, UriKind.Absolute, out var baseUri))
        {
            return RecordingFetch.Failed($"the recorder URL '{channel.RecorderUrl}' is not an absolute URL");
        }

        var settings = options.CurrentValue;
        var password = credentials.Unprotect(channel.EncryptedPassword, channel.RecorderId ?? channel.DeviceId);
        var credential = string.IsNullOrEmpty(channel.UserName) ? null : new NetworkCredential(channel.UserName, password);
        using var http = new DeviceHttpClient(credential, TimeSpan.FromSeconds(Math.Clamp(settings.SearchTimeoutSeconds, 1, 600)));
        var track = RecordingChannels.IsapiTrack(channel.RecorderChannel!.Value);
        var result = await new IsapiRecordSearch(new IsapiSearchLimits()).SearchAsync(http, baseUri, track, from, to, zone, settings.IsapiTimesAreUtc, cancellationToken);
        return result.Succeeded
            ? RecordingFetch.Found(result.Recordings, $"ISAPI track {track}: {result.Detail}")
            : RecordingFetch.Failed($"ISAPI search of track {track} failed ({result.Reason}): {result.Detail}");
    }
}
