using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Api;

/// <summary>Maps expected failures to ProblemDetails responses.</summary>
public static class ApiResults
{
    public static IResult Problem(Error error) => Problem([error]);

    public static IResult Problem(IReadOnlyList<Error> errors)
    {
        var first = errors[0];
        var status = first.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };

        var extensions = new Dictionary<string, object?> { ["code"] = first.Code };
        if (first.Field is not null)
        {
            extensions["field"] = first.Field;
        }

        if (errors.Count > 1)
        {
            extensions["errors"] = errors.Select(e => new { e.Code, e.Field, e.Message }).ToList();
        }

        return TypedResults.Problem(detail: first.Message, statusCode: status, title: TitleOf(status), extensions: extensions);
    }

    public static IResult From<T>(Result<T> result, Func<T, IResult> onSuccess) =>
        result.IsSuccess ? onSuccess(result.Value) : Problem(result.Errors);

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => "未找到 / Not found",
        StatusCodes.Status409Conflict => "冲突 / Conflict",
        StatusCodes.Status403Forbidden => "禁止访问 / Forbidden",
        StatusCodes.Status413PayloadTooLarge => "内容过大 / Payload too large",
        _ => "请求无效 / Invalid request",
    };
}
