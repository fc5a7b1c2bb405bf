using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Devices.Ledger;

public static class LedgerEndpoints
{
    /// <summary>Room for the multipart boundaries and headers around the file, in bytes.</summary>
    private const long MultipartOverheadBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/devices").WithTags("Device ledger");
        var creators = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.Create);
        var exporters = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.Export);
        var viewers = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.View);

        // Browsers do not send bearer tokens on their own, and the sign-in cookie is SameSite=Lax, so a cross-site
        // form cannot post here with the user's rights. Scripts therefore need no antiforgery token.
        creators.MapPost("/import", ImportAsync)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<LedgerImportReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Import a ledger file (.xlsx or .csv, form field 'file'); applies every row or none");

        exporters.MapGet("/export", ExportAsync)
            .WithSummary("Export the ledger as .xlsx or .csv, filtered like the device list; passwords are never included");

        viewers.MapGet("/import/template", TemplateAsync)
            .WithSummary("Download an empty ledger file with the import's columns");

        return routes;
    }

    private static async Task<IResult> ImportAsync(HttpContext context, LedgerImportService service, IOptions<LedgerOptions> options,
        CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFileBytes + MultipartOverheadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (!context.Request.HasFormContentType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "ledger.file.form",
                "请以 multipart/form-data 上传文件，字段名为 file。", "Upload the file as multipart/form-data in the field 'file'.");
        }

        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return FileTooLarge(options.Value.MaxFileBytes);
        }
        catch (InvalidDataException exception)
        {
            // Raised for a body over the multipart limit and for a malformed multipart body alike.
            return Problem(StatusCodes.Status400BadRequest, "ledger.file.form",
                $"无法读取上传的表单：{exception.Message}", $"The uploaded form cannot be read: {exception.Message}");
        }

        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "ledger.file.missing",
                "请求中没有文件，请在表单字段 file 中上传 .xlsx 或 .csv 文件。", "The request has no file; upload an .xlsx or .csv file in the form field 'file'.");
        }

        if (file.Length > options.Value.MaxFileBytes)
        {
            return FileTooLarge(options.Value.MaxFileBytes);
        }

        await using var content = file.OpenReadStream();
        var report = await service.ImportAsync(content, file.FileName, context.User.Identity?.Name, cancellationToken);
        return report.Succeeded ? TypedResults.Ok(report) : Rejected(report);
    }

    private static async Task<IResult> ExportAsync(LedgerExportService service, CancellationToken cancellationToken,
        string? format = null, string? state = null, string? kind = null, long? organizationId = null, string? vendor = null,
        string? search = null, long? parentId = null)
    {
        if (ParseFormat(format) is not { } parsed)
        {
            return InvalidFormat(format);
        }

        if (DeviceEndpoints.ParseFilter(state, kind, organizationId, vendor, search, parentId, out var filter) is { } invalid)
        {
            return invalid;
        }

        var buffer = new MemoryStream();
        await service.ExportAsync(parsed, filter, buffer, cancellationToken);
        buffer.Position = 0;
        return TypedResults.File(buffer, LedgerExportService.ContentTypeOf(parsed), service.FileNameOf(parsed, template: false));
    }

    private static async Task<IResult> TemplateAsync(LedgerExportService service, CancellationToken cancellationToken, string? format = null)
    {
        if (ParseFormat(format) is not { } parsed)
        {
            return InvalidFormat(format);
        }

        var buffer = new MemoryStream();
        await service.WriteTemplateAsync(parsed, buffer, cancellationToken);
        buffer.Position = 0;
        return TypedResults.File(buffer, LedgerExportService.ContentTypeOf(parsed), service.FileNameOf(parsed, template: true));
    }

    private static LedgerFormat? ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "xlsx" => LedgerFormat.Xlsx,
        "csv" => LedgerFormat.Csv,
        _ => null,
    };

    private static IResult InvalidFormat(string? format) =>
        Problem(StatusCodes.Status400BadRequest, "ledger.format.invalid",
            $"格式“{format}”无效，可选 xlsx 或 csv。", $"Format '{format}' is invalid; use xlsx or csv.");

    private static IResult FileTooLarge(long maxBytes)
    {
        var error = LedgerImportService.TooLarge(maxBytes);
        return TypedResults.Problem(detail: error.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: TitleOf(StatusCodes.Status413PayloadTooLarge),
            extensions: new Dictionary<string, object?> { ["code"] = error.Code });
    }

    /// <summary>Maps a failed import to ProblemDetails that carry every listed error with its row and column.</summary>
    private static IResult Rejected(LedgerImportReport report)
    {
        var first = report.Errors[0];
        var status = first.Code switch
        {
            "ledger.file.too_large" => StatusCodes.Status413PayloadTooLarge,
            "ledger.file.type" => StatusCodes.Status415UnsupportedMediaType,
            "ledger.conflict" => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };

        var fileLevel = report.ErrorCount == 1 && first.Row is null;
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = fileLevel ? first.Code : "ledger.import.invalid",
            ["fileName"] = report.FileName,
            ["rowCount"] = report.RowCount,
            ["errorCount"] = report.ErrorCount,
            ["badRowCount"] = report.BadRowCount,
            ["errors"] = report.Errors,
        };
        var detail = fileLevel ? first.Message : report.Summary;
        return TypedResults.Problem(detail: detail, statusCode: status, title: TitleOf(status), extensions: extensions);
    }

    private static IResult Problem(int status, string code, string chinese, string english) =>
        TypedResults.Problem(detail: Bilingual.Join(chinese, english), statusCode: status, title: TitleOf(status),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status409Conflict => "冲突 / Conflict",
        StatusCodes.Status413PayloadTooLarge => "文件过大 / Payload too large",
        StatusCodes.Status415UnsupportedMediaType => "不支持的文件类型 / Unsupported media type",
        _ => "请求无效 / Invalid request",
    };
}
