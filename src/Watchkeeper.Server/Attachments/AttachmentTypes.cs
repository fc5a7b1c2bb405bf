using System.Text;

namespace Watchkeeper.Server.Attachments;

/// <summary>
/// The file types that attachments may have, by extension, and the check that the content really is of that type, so
/// that a renamed executable is not served as a photo. Each use (tickets, changes) accepts its own <see cref="AttachmentTypeSet"/>.
/// </summary>
public static class AttachmentTypes
{
    /// <summary>How many leading bytes the content check reads.</summary>
    public const int SniffBytes = 8192;

    /// <summary>The longest sanitised name, in UTF-16 characters.</summary>
    public const int MaxStoredNameLength = 100;

    /// <summary>The longest name the uploader gave, kept for display.</summary>
    public const int MaxFileNameLength = 255;

    private static readonly Dictionary<string, AttachmentType> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = new("image/jpeg", IsJpeg),
        [".jpeg"] = new("image/jpeg", IsJpeg),
        [".png"] = new("image/png", head => StartsWith(head, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        [".gif"] = new("image/gif", head => StartsWith(head, "GIF87a"u8) || StartsWith(head, "GIF89a"u8)),
        [".webp"] = new("image/webp", head => head.Length >= 12 && StartsWith(head, "RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)),
        [".pdf"] = new("application/pdf", head => StartsWith(head, "%PDF-"u8)),
        [".zip"] = new("application/zip", IsZip),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", IsZip),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", IsZip),
        [".7z"] = new("application/x-7z-compressed", head => StartsWith(head, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])),
        [".tar.gz"] = new("application/gzip", head => StartsWith(head, [0x1F, 0x8B])),
        [".txt"] = new("text/plain", IsText),
        [".log"] = new("text/plain", IsText),
        [".md"] = new("text/markdown", IsText),
        [".csv"] = new("text/csv", IsText),
        [".json"] = new("application/json", IsText),
        [".xml"] = new("application/xml", IsText),

        // Firmware images have vendor formats without a common signature, so only the extension is checked.
        [".bin"] = new("application/octet-stream", _ => true, IsFirmwareImage: true),
        [".dav"] = new("application/octet-stream", _ => true, IsFirmwareImage: true),
        [".pkg"] = new("application/octet-stream", _ => true, IsFirmwareImage: true),
        [".img"] = new("application/octet-stream", _ => true, IsFirmwareImage: true),
    };

    /// <summary>Photos, documents, archives and device logs that a ticket accepts.</summary>
    public static AttachmentTypeSet Tickets { get; } = new([".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".zip", ".7z", ".txt", ".log", ".csv", ".json", ".xml"]);

    /// <summary>Release notes, plan documents, patch archives and firmware images that a change accepts.</summary>
    public static AttachmentTypeSet Changes { get; } = new([".pdf", ".docx", ".xlsx", ".txt", ".md", ".log", ".csv", ".json", ".xml", ".jpg", ".jpeg", ".png",
        ".zip", ".7z", ".tar.gz", ".bin", ".dav", ".pkg", ".img"]);

    internal static AttachmentType? Find(string extension) => s_types.GetValueOrDefault(extension);

    /// <summary>
    /// Returns the name a file is stored and downloaded under: the last path segment, without control characters or
    /// characters that Windows or shells treat specially, without leading dots, at most <see cref="MaxStoredNameLength"/>
    /// characters, and "file" when nothing but the extension is left. The extension survives both cuts.
    /// </summary>
    public static string SanitizeFileName(string fileName)
    {
        var lastSegment = fileName.Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var builder = new StringBuilder(lastSegment.Length);
        foreach (var character in lastSegment)
        {
            if (!char.IsControl(character) && "<>:\"|?*".IndexOf(character) < 0)
            {
                builder.Append(character);
            }
        }

        var cleaned = builder.ToString().Trim();
        var extension = ExtensionOf(cleaned);
        var name = cleaned.TrimStart('.').Trim();
        if (name.Length == 0 || name == extension || !name.EndsWith(extension, StringComparison.Ordinal))
        {
            name = "file" + extension;
        }

        if (name.Length > MaxStoredNameLength)
        {
            var kept = extension.Length <= 16 ? extension : "";
            name = Truncate(name, MaxStoredNameLength - kept.Length) + kept;
        }

        return name;
    }

    /// <summary>Returns the name to show: the uploader's name without control characters, at most <see cref="MaxFileNameLength"/> characters.</summary>
    public static string DisplayName(string fileName)
    {
        var name = new string([.. fileName.Where(c => !char.IsControl(c))]).Trim();
        return Truncate(name, MaxFileNameLength);
    }

    /// <summary>Returns the extension with a leading dot, taking ".tar.gz" as one extension.</summary>
    public static string ExtensionOf(string fileName) =>
        fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) && fileName.Length > ".tar.gz".Length
            ? fileName[^".tar.gz".Length..]
            : Path.GetExtension(fileName);

    /// <summary>Cuts a string to a length without splitting a surrogate pair, which PostgreSQL would reject as invalid UTF-8.</summary>
    private static string Truncate(string value, int length)
    {
        if (value.Length <= length)
        {
            return value;
        }

        return char.IsHighSurrogate(value[length - 1]) ? value[..(length - 1)] : value[..length];
    }

    // JPEG: SOI marker FF D8 followed by the next marker's FF (JFIF, Exif or a bare frame).
    private static bool IsJpeg(ReadOnlySpan<byte> head) => StartsWith(head, [0xFF, 0xD8, 0xFF]);

    // ZIP local file header or, for an empty archive, the end of central directory record. Office Open XML files are ZIP archives.
    private static bool IsZip(ReadOnlySpan<byte> head) => StartsWith(head, "PK\x03\x04"u8) || StartsWith(head, "PK\x05\x06"u8);

    /// <summary>
    /// Text: no NUL byte and no executable header. Device logs may be UTF-8 or GB18030, so the encoding is not
    /// checked. Executables, archives and images contain NUL bytes within their first kilobytes.
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> head) =>
        !head.Contains((byte)0) && !StartsWith(head, "MZ"u8) && !StartsWith(head, [0x7F, 0x45, 0x4C, 0x46]);

    private static bool StartsWith(ReadOnlySpan<byte> head, ReadOnlySpan<byte> signature) => head.StartsWith(signature);

    internal delegate bool ContentCheck(ReadOnlySpan<byte> head);

    internal sealed record AttachmentType(string ContentType, ContentCheck Matches, bool IsFirmwareImage = false);
}

/// <summary>The extensions that one use of attachments accepts, out of the known <see cref="AttachmentTypes"/>.</summary>
public sealed class AttachmentTypeSet
{
    private readonly HashSet<string> _extensions;

    public AttachmentTypeSet(IReadOnlyList<string> extensions)
    {
        if (extensions.FirstOrDefault(e => AttachmentTypes.Find(e) is null) is { } unknown)
        {
            throw new ArgumentException($"No attachment type is known for the extension {unknown}.", nameof(extensions));
        }

        Extensions = extensions;
        _extensions = new HashSet<string>(extensions, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The accepted extensions, for messages and the upload control.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Returns the content type of an accepted extension, or null.</summary>
    public string? ContentTypeOf(string fileName) => Accepted(fileName)?.ContentType;

    /// <summary>Returns whether the leading bytes of a file match its accepted extension; a firmware image matches any content.</summary>
    public bool ContentMatches(string fileName, ReadOnlySpan<byte> head) => Accepted(fileName) is { } type && head.Length > 0 && type.Matches(head);

    /// <summary>Returns whether the file is a firmware image, whose content is checked by extension only.</summary>
    public bool IsFirmwareImage(string fileName) => Accepted(fileName)?.IsFirmwareImage == true;

    private AttachmentTypes.AttachmentType? Accepted(string fileName)
    {
        var extension = AttachmentTypes.ExtensionOf(fileName);
        return _extensions.Contains(extension) ? AttachmentTypes.Find(extension) : null;
    }
}
