using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Core.Results;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>A parsed analyze request: the encoded frames in time order, the optional reference and the options.</summary>
public sealed record AnalyzeRequest(
    IReadOnlyList<(string Name, ReadOnlyMemory<byte> Bytes)> Images,
    (string Name, ReadOnlyMemory<byte> Bytes)? Reference,
    DiagnosisOptions Options,
    TimeSpan Interval,
    bool ParkedAtPreset);

/// <summary>
/// Reads multipart forms of pictures with caps on part count and size, so a hostile or mistaken upload ends in a 400
/// that names the part, never in an unbounded read.
/// </summary>
public static class AnalyzeRequestReader
{
    public const string ImagesPart = "images";
    public const string ReferencePart = "reference";
    public const int MaxIntervalMilliseconds = 60_000;

    /// <summary>Reads the form of an upload; <paramref name="maxParts"/> caps the file parts.</summary>
    public static async Task<Result<IFormCollection>> ReadFormAsync(HttpRequest request, int maxImageBytes, int maxParts, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentType?.Contains("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Error.Validation("diagnosis.form.content_type", Bilingual.Join(
                "请以 multipart/form-data 提交图片。", "Send the pictures as multipart/form-data."), ImagesPart);
        }

        // Each part may carry its headers and boundary beside the picture itself.
        var maxBody = (long)maxParts * (maxImageBytes + 16 * 1024) + 64 * 1024;
        if (request.ContentLength > maxBody)
        {
            return FormTooLarge(maxImageBytes, maxParts, maxBody);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        var formOptions = new FormOptions
        {
            MultipartBodyLengthLimit = maxBody,
            ValueCountLimit = maxParts + 16,
            ValueLengthLimit = 4096,
            MultipartHeadersLengthLimit = 16 * 1024,
        };
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, formOptions));
        try
        {
            return Result<IFormCollection>.Success(await request.ReadFormAsync(cancellationToken));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return FormTooLarge(maxImageBytes, maxParts, maxBody);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
        {
            return Error.Validation("diagnosis.form.too_large", Bilingual.Join(
                $"表单无法读取或超出上限（每张图片不超过 {maxImageBytes / 1024 / 1024} MB，最多 {maxParts} 个部分）：{exception.Message}",
                $"The form cannot be read or exceeds the limits (each picture at most {maxImageBytes / 1024 / 1024} MB, at most {maxParts} parts): {exception.Message}"),
                ImagesPart);
        }
    }

    private static Error FormTooLarge(int maxImageBytes, int maxParts, long maxBody) => Error.TooLarge("diagnosis.form.too_large", Bilingual.Join(
        $"上传内容超过上限 {maxBody} 字节（每张图片不超过 {maxImageBytes} 字节，最多 {maxParts} 个部分）。",
        $"The upload exceeds the limit of {maxBody} bytes (each picture at most {maxImageBytes} bytes, at most {maxParts} parts)."), ImagesPart);

    /// <summary>Parses the analyze form: <c>images</c> parts, an optional <c>reference</c>, <c>sensitivity</c>, <c>checks</c>, <c>intervalMilliseconds</c>, <c>parkedAtPreset</c>.</summary>
    public static async Task<Result<AnalyzeRequest>> ParseAsync(IFormCollection form, int maxImageBytes, CancellationToken cancellationToken)
    {
        var stray = form.Files.FirstOrDefault(f => f.Name is not (ImagesPart or ReferencePart));
        if (stray is not null)
        {
            return Error.Validation("diagnosis.form.unknown_part", Bilingual.Join(
                $"未知的文件部分“{stray.Name}”：图片请放在 images 部分，参考图放在 reference 部分。",
                $"Unknown file part '{stray.Name}': send frames as 'images' parts and the reference as a 'reference' part."), stray.Name);
        }

        var imageFiles = form.Files.GetFiles(ImagesPart);
        if (imageFiles.Count == 0)
        {
            return Error.Validation("diagnosis.no_image", Bilingual.Join("至少需要一个 images 部分。", "At least one 'images' part is needed."), ImagesPart);
        }

        if (imageFiles.Count > FrameSet.MaxFrames)
        {
            return Error.Validation("diagnosis.too_many_images", Bilingual.Join(
                $"最多 {FrameSet.MaxFrames} 个 images 部分，收到 {imageFiles.Count} 个。", $"At most {FrameSet.MaxFrames} 'images' parts, got {imageFiles.Count}."), ImagesPart);
        }

        var references = form.Files.GetFiles(ReferencePart);
        if (references.Count > 1)
        {
            return Error.Validation("diagnosis.too_many_references", Bilingual.Join(
                "最多一个 reference 部分。", "At most one 'reference' part."), ReferencePart);
        }

        var images = new List<(string, ReadOnlyMemory<byte>)>(imageFiles.Count);
        for (var index = 0; index < imageFiles.Count; index++)
        {
            var image = await ReadPartAsync(imageFiles[index], $"{ImagesPart}[{index}]", maxImageBytes, cancellationToken);
            if (!image.IsSuccess)
            {
                return image.FirstError;
            }

            images.Add(image.Value);
        }

        (string, ReadOnlyMemory<byte>)? reference = null;
        if (references.Count == 1)
        {
            var read = await ReadPartAsync(references[0], ReferencePart, maxImageBytes, cancellationToken);
            if (!read.IsSuccess)
            {
                return read.FirstError;
            }

            reference = read.Value;
        }

        var options = ParseOptions(form);
        if (!options.IsSuccess)
        {
            return options.FirstError;
        }

        var interval = ParseInterval(form);
        if (!interval.IsSuccess)
        {
            return interval.FirstError;
        }

        var parked = form["parkedAtPreset"].ToString();
        return new AnalyzeRequest(images, reference, options.Value, interval.Value,
            bool.TryParse(parked, out var value) && value);
    }

    /// <summary>Reads one file part whole, after checking its declared length against the cap.</summary>
    public static async Task<Result<(string Name, ReadOnlyMemory<byte> Bytes)>> ReadPartAsync(IFormFile file, string name, int maxBytes, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return Error.Validation("diagnosis.empty_image", Bilingual.Join($"图像 {name} 为空。", $"Image {name} is empty."), name);
        }

        if (file.Length > maxBytes)
        {
            return DiagnosisErrors.ImageTooLarge(name, file.Length, maxBytes);
        }

        var buffer = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return (name, buffer);
    }

    private static Result<DiagnosisOptions> ParseOptions(IFormCollection form)
    {
        var sensitivityText = form["sensitivity"].ToString();
        var sensitivity = Sensitivity.Default;
        if (!string.IsNullOrWhiteSpace(sensitivityText)
            && (!int.TryParse(sensitivityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out sensitivity) || !Sensitivity.IsValid(sensitivity)))
        {
            return Error.Validation("diagnosis.sensitivity", Bilingual.Join(
                $"sensitivity“{sensitivityText}”无效，须为 1–10 的整数。", $"sensitivity '{sensitivityText}' is invalid; it must be an integer from 1 to 10."), "sensitivity");
        }

        var checksText = form["checks"].ToString();
        HashSet<DiagnosisKind>? kinds = null;
        if (!string.IsNullOrWhiteSpace(checksText))
        {
            kinds = [];
            foreach (var name in checksText.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<DiagnosisKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
                {
                    return Error.Validation("diagnosis.checks", Bilingual.Join(
                        $"检查项“{name}”无效，可选：{string.Join(", ", Enum.GetNames<DiagnosisKind>())}。",
                        $"Check '{name}' is invalid; use: {string.Join(", ", Enum.GetNames<DiagnosisKind>())}."), "checks");
                }

                kinds.Add(kind);
            }
        }

        return new DiagnosisOptions { Kinds = kinds, DefaultSensitivity = sensitivity };
    }

    private static Result<TimeSpan> ParseInterval(IFormCollection form)
    {
        var text = form["intervalMilliseconds"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.Zero;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds is < 0 or > MaxIntervalMilliseconds)
        {
            return Error.Validation("diagnosis.interval", Bilingual.Join(
                $"intervalMilliseconds“{text}”无效，须为 0–{MaxIntervalMilliseconds} 的整数。",
                $"intervalMilliseconds '{text}' is invalid; it must be an integer from 0 to {MaxIntervalMilliseconds}."), "intervalMilliseconds");
        }

        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
