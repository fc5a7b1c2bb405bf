using System.Globalization;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Rtsp;

internal sealed partial class RtspHandler
{
    private MessageResponse Setup(MessageRequest request)
    {
        var path = StreamPathOf(request);
        if (path is null)
        {
            return new MessageResponse(404, "Stream Not Found");
        }

        if (request.Connection is not { } connection)
        {
            return new MessageResponse(461, "Unsupported Transport");
        }

        var channel = InterleavedChannel(request.Headers.Get("Transport"));
        if (channel is null)
        {
            // Only RTP over the RTSP connection is served: a UDP client falls back to TCP after this (ffmpeg does).
            return new MessageResponse(461, "Unsupported Transport");
        }

        var sessions = RtspConnectionState.Of(connection);
        var sessionId = SessionIdOf(request);
        RtspSession session;
        if (sessionId is not null)
        {
            var existing = sessions.Find(sessionId);
            if (existing is null)
            {
                return new MessageResponse(454, "Session Not Found");
            }

            if (existing.IsPlaying || existing.StreamPath != path)
            {
                return new MessageResponse(455, "Method Not Valid in This State");
            }

            existing.ChangeChannel(channel.Value);
            session = existing;
        }
        else
        {
            var trackUrl = ContentBase(request).TrimEnd('/');
            if (!trackUrl.EndsWith("/" + H264Sdp.TrackControl, StringComparison.Ordinal))
            {
                trackUrl += "/" + H264Sdp.TrackControl;
            }

            var created = sessions.Add(id => new RtspSession(id, path, trackUrl, channel.Value, _service.Picture, _service.Logger));
            if (created is null)
            {
                return new MessageResponse(453, "Not Enough Bandwidth").WithText($"at most {RtspConnectionState.MaxSessions} sessions per connection\r\n", "text/plain");
            }

            session = created;
            LogSessionSetUp(_service.Logger, _service.DeviceCode, session.Id, path);
        }

        return new MessageResponse(200, "OK")
            .WithHeader("Transport", $"RTP/AVP/TCP;unicast;interleaved={session.Channel}-{session.Channel + 1};ssrc={session.Ssrc:X8}")
            .WithHeader("Session", SessionHeader(session));
    }

    private MessageResponse Play(MessageRequest request)
    {
        var (session, error) = FindSession(request);
        if (session is null)
        {
            return error!;
        }

        var response = new MessageResponse(200, "OK")
            .WithHeader("Session", SessionHeader(session))
            .WithHeader("Range", "npt=now-")
            .WithHeader("RTP-Info", session.RtpInfo());
        if (!session.IsPlaying)
        {
            var connection = request.Connection!;
            response.AfterSent = () => session.Play(connection, _service.DeviceCode);
        }

        return response;
    }

    private async ValueTask<MessageResponse> PauseAsync(MessageRequest request)
    {
        var (session, error) = FindSession(request);
        if (session is null)
        {
            return error!;
        }

        await session.PauseAsync();
        return new MessageResponse(200, "OK").WithHeader("Session", SessionHeader(session));
    }

    private async ValueTask<MessageResponse> TeardownAsync(MessageRequest request)
    {
        var (session, error) = FindSession(request);
        if (session is null)
        {
            return error!;
        }

        await RtspConnectionState.Of(request.Connection!).RemoveAsync(session);
        LogSessionTornDown(_service.Logger, _service.DeviceCode, session.Id);
        return new MessageResponse(200, "OK");
    }

    /// <summary>A keepalive (RFC 2326 §10.8 with an empty body); the request itself resets the connection's timeout.</summary>
    private MessageResponse GetParameter(MessageRequest request)
    {
        if (SessionIdOf(request) is null)
        {
            return new MessageResponse(200, "OK");
        }

        var (session, error) = FindSession(request);
        return session is null ? error! : new MessageResponse(200, "OK").WithHeader("Session", SessionHeader(session));
    }

    private (RtspSession? Session, MessageResponse? Error) FindSession(MessageRequest request)
    {
        var id = SessionIdOf(request);
        if (id is null)
        {
            return (null, new MessageResponse(454, "Session Not Found").WithText("Session header missing\r\n", "text/plain"));
        }

        var session = request.Connection is { } connection ? RtspConnectionState.Of(connection).Find(id) : null;
        return session is null ? (null, new MessageResponse(454, "Session Not Found")) : (session, null);
    }

    private string SessionHeader(RtspSession session) =>
        string.Create(CultureInfo.InvariantCulture, $"{session.Id};timeout={(int)_service.SessionTimeout.TotalSeconds}");

    /// <summary>Returns the stream a SETUP names, by its path or by its path and track control, or null.</summary>
    private string? StreamPathOf(MessageRequest request)
    {
        var pathAndQuery = request.PathAndQuery.TrimEnd('/');
        var suffix = "/" + H264Sdp.TrackControl;
        if (pathAndQuery.EndsWith(suffix, StringComparison.Ordinal))
        {
            pathAndQuery = pathAndQuery[..^suffix.Length];
        }

        return _service.Streams.ContainsKey(pathAndQuery) ? pathAndQuery : null;
    }

    private static string? SessionIdOf(MessageRequest request)
    {
        var value = request.Headers.Get("Session");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // RFC 2326 §12.37: "Session: id;timeout=60"; the parameters are the server's, so only the id counts.
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? value : value[..semicolon]).Trim();
    }

    /// <summary>
    /// Returns the RTP channel of a Transport header that requests RTP/AVP/TCP, 0 when it names no interleaved pair,
    /// or null when it requests another transport (RFC 2326 §12.39). Of several alternatives the first TCP one counts.
    /// </summary>
    internal static byte? InterleavedChannel(string? transport)
    {
        if (transport is null)
        {
            return null;
        }

        foreach (var alternative in transport.Split(','))
        {
            var parameters = alternative.Split(';', StringSplitOptions.TrimEntries);
            if (!parameters[0].Equals("RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var interleaved = parameters.FirstOrDefault(p => p.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase));
            if (interleaved is null)
            {
                return 0;
            }

            var first = interleaved["interleaved=".Length..].Split('-')[0];
            return byte.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var channel) && channel < byte.MaxValue ? channel : null;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} RTSP session {SessionId} set up for {StreamPath}")]
    private static partial void LogSessionSetUp(ILogger logger, string deviceCode, string sessionId, string streamPath);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} RTSP session {SessionId} torn down")]
    private static partial void LogSessionTornDown(ILogger logger, string deviceCode, string sessionId);
}
