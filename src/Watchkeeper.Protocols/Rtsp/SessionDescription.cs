using System.Globalization;

namespace Watchkeeper.Protocols.Rtsp;

/// <summary>One m= section of a session description.</summary>
/// <param name="Media">"video", "audio", "application", ...</param>
/// <param name="Formats">The payload type numbers of the m= line.</param>
/// <param name="Encoding">The encoding of the first format, e.g. "H264" or "PCMA", or null when unknown.</param>
/// <param name="ClockRate">The RTP clock rate in Hz of the first format, or null when unknown.</param>
/// <param name="Control">The a=control attribute, or null.</param>
public sealed record MediaDescription(string Media, string Protocol, IReadOnlyList<string> Formats, string? Encoding, int? ClockRate, string? Control)
{
    public override string ToString() => Encoding is null
        ? $"{Media} {Protocol} {string.Join(' ', Formats)}"
        : ClockRate is null ? $"{Media} {Encoding}" : $"{Media} {Encoding}/{ClockRate}";
}

/// <summary>
/// A session description (SDP, RFC 4566) as an RTSP DESCRIBE returns it, parsed leniently: what can be read is
/// read, and each departure from the RFC becomes a warning rather than an error.
/// </summary>
public sealed class SessionDescription
{
    // RFC 3551 section 6: static payload types that need no a=rtpmap line.
    private static readonly Dictionary<string, (string Encoding, int ClockRate)> StaticPayloadTypes = new()
    {
        ["0"] = ("PCMU", 8000),
        ["8"] = ("PCMA", 8000),
        ["14"] = ("MPA", 90000),
        ["26"] = ("JPEG", 90000),
        ["32"] = ("MPV", 90000),
        ["33"] = ("MP2T", 90000),
    };

    private const int MaxWarnings = 8;

    private SessionDescription(string? version, string? origin, string? sessionName, IReadOnlyList<MediaDescription> media, IReadOnlyList<string> warnings)
    {
        Version = version;
        Origin = origin;
        SessionName = sessionName;
        Media = media;
        Warnings = warnings;
    }

    public string? Version { get; }

    public string? Origin { get; }

    public string? SessionName { get; }

    public IReadOnlyList<MediaDescription> Media { get; }

    /// <summary>What is wrong with the description, one sentence each; empty when it follows RFC 4566.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public MediaDescription? FirstOf(string media) =>
        Media.FirstOrDefault(m => m.Media.Equals(media, StringComparison.OrdinalIgnoreCase));

    public static SessionDescription Parse(string text)
    {
        var builder = new Builder();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                builder.Warn($"line {index + 1} is not of the form <type>=<value>: \"{RtspResponse.Printable(line, 40)}\"");
                continue;
            }

            builder.Add(line[0], line[2..].Trim(), index + 1);
        }

        return builder.Build();
    }

    private sealed class Builder
    {
        private readonly List<string> _warnings = [];
        private readonly List<MediaBuilder> _media = [];
        private string? _version;
        private string? _origin;
        private string? _sessionName;
        private bool _firstLine = true;

        public void Warn(string warning)
        {
            if (_warnings.Count < MaxWarnings)
            {
                _warnings.Add(warning);
            }
        }

        public void Add(char type, string value, int lineNumber)
        {
            if (_firstLine && type != 'v')
            {
                Warn($"the description starts with '{type}=' instead of 'v='");
            }

            _firstLine = false;
            switch (type)
            {
                case 'v':
                    _version ??= value;
                    break;
                case 'o':
                    _origin ??= value;
                    break;
                case 's':
                    _sessionName ??= value;
                    break;
                case 'm':
                    AddMedia(value, lineNumber);
                    break;
                case 'a' when _media.Count > 0:
                    _media[^1].AddAttribute(value);
                    break;
            }
        }

        public SessionDescription Build()
        {
            if (_version is null)
            {
                Warn("the v= (protocol version) line is missing");
            }
            else if (_version != "0")
            {
                Warn($"the protocol version is \"{RtspResponse.Printable(_version, 20)}\", not 0");
            }

            if (_origin is null)
            {
                Warn("the o= (origin) line is missing");
            }

            if (_sessionName is null)
            {
                Warn("the s= (session name) line is missing");
            }

            if (_media.Count == 0)
            {
                Warn("there is no m= (media) line, so the stream carries nothing to play");
            }

            return new SessionDescription(_version, _origin, _sessionName, _media.Select(m => m.Build()).ToList(), _warnings);
        }

        private void AddMedia(string value, int lineNumber)
        {
            // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4)
            {
                Warn($"the m= line {lineNumber} has {fields.Length} fields instead of at least 4");
            }

            if (fields.Length == 0)
            {
                return;
            }

            _media.Add(new MediaBuilder(fields[0], fields.Length > 2 ? fields[2] : "", fields.Skip(3).ToList()));
        }
    }

    private sealed class MediaBuilder(string media, string protocol, IReadOnlyList<string> formats)
    {
        private string? _control;
        private string? _encoding;
        private int? _clockRate;

        public void AddAttribute(string value)
        {
            if (value.StartsWith("control:", StringComparison.OrdinalIgnoreCase))
            {
                _control ??= value["control:".Length..].Trim();
                return;
            }

            // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
            if (!value.StartsWith("rtpmap:", StringComparison.OrdinalIgnoreCase) || _encoding is not null || formats.Count == 0)
            {
                return;
            }

            var mapping = value["rtpmap:".Length..].Trim();
            var space = mapping.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || mapping[..space] != formats[0])
            {
                return;
            }

            var parts = mapping[(space + 1)..].Trim().Split('/');
            _encoding = parts[0];
            if (parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
            {
                _clockRate = rate;
            }
        }

        public MediaDescription Build()
        {
            var encoding = _encoding;
            var clockRate = _clockRate;
            if (encoding is null && formats.Count > 0 && StaticPayloadTypes.TryGetValue(formats[0], out var known))
            {
                (encoding, clockRate) = known;
            }

            return new MediaDescription(media, protocol, formats, encoding, clockRate, _control);
        }
    }
}
