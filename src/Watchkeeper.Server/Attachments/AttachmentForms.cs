using Microsoft.AspNetCore.Http.Features;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Attachments;

/// <summary>Reads a multipart upload request under a body limit, for the attachment endpoints.</summary>
public static class AttachmentForms
{
    /// <summary>Room for the multipart boundaries and part headers around the files, in bytes.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    /// <summary>Reads the files of a multipart request whose files may take <paramref name="maxFilesBytes"/> in all.</summary>
    public static async Task<Result<IReadOnlyList<AttachmentUpload>>> ReadFilesAsync(HttpContext context, long maxFilesBytes, AttachmentErrors errors,
        CancellationToken cancellationToken)
    {
        var maxBody = maxFilesBytes + MultipartOverheadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        if (!context.Request.HasFormContentType)
        {
            return errors.NoFiles();
        }

        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return errors.RequestTooLarge(maxFilesBytes);
        }
        catch (InvalidDataException exception)
        {
            // Raised for a body over the multipart limit and for a malformed multipart body alike.
            return errors.FormInvalid(exception.Message);
        }

        return form.Files.Select(f => new AttachmentUpload(f.FileName, f.OpenReadStream)).ToList();
    }
}
