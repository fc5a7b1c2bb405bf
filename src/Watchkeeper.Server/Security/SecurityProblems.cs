using Microsoft.AspNetCore.Http.HttpResults;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Security;

/// <summary>The bilingual ProblemDetails that the security middleware returns.</summary>
internal static class SecurityProblems
{
    public static ProblemHttpResult AntiforgeryMissing(string headerName) => Problem(StatusCodes.Status400BadRequest,
        "请求无效 / Invalid request", "security.antiforgery.missing",
        $"以登录 Cookie 认证的修改请求须在请求头 {headerName} 中携带防伪令牌（可从 GET /api/v1/auth/antiforgery 获取），或改用 Bearer 令牌。",
        $"A state-changing request authenticated by the sign-in cookie must carry an antiforgery token in the {headerName} header (get one from GET /api/v1/auth/antiforgery), or use a bearer token instead.");

    public static ProblemHttpResult AntiforgeryInvalid(string headerName) => Problem(StatusCodes.Status400BadRequest,
        "请求无效 / Invalid request", "security.antiforgery.invalid",
        $"请求头 {headerName} 中的防伪令牌无效或已过期，请重新获取（GET /api/v1/auth/antiforgery）后再试。",
        $"The antiforgery token in the {headerName} header is invalid or expired; get a new one (GET /api/v1/auth/antiforgery) and try again.");

    public static ProblemHttpResult FormAntiforgeryInvalid() => Problem(StatusCodes.Status400BadRequest,
        "请求无效 / Invalid request", "security.antiforgery.invalid",
        "表单缺少有效的防伪令牌，请刷新页面后重新提交。",
        "The form does not carry a valid antiforgery token; reload the page and submit it again.");

    public static ProblemHttpResult TooManyRequests(TimeSpan? retryAfter)
    {
        var seconds = retryAfter is { } wait ? (long)Math.Ceiling(wait.TotalSeconds) : (long?)null;
        var chinese = seconds is { } s ? $"请求过于频繁，请 {s} 秒后再试。" : "请求过于频繁，请稍后再试。";
        var english = seconds is { } e ? $"Too many requests from this address; try again in {e} seconds." : "Too many requests from this address; try again later.";
        return Problem(StatusCodes.Status429TooManyRequests, "请求过多 / Too many requests", "security.rate_limited", chinese, english);
    }

    public static ProblemHttpResult BodyTooLarge(long maxBytes) => Problem(StatusCodes.Status413PayloadTooLarge,
        "内容过大 / Payload too large", "security.body.too_large",
        $"请求正文超过上限 {maxBytes} 字节（{SizeText(maxBytes)}）。",
        $"The request body exceeds the limit of {maxBytes} bytes ({SizeText(maxBytes)}).");

    /// <summary>Formats a byte count for people, e.g. "1 MiB" or "512 KiB".</summary>
    public static string SizeText(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        >= 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} B",
    };

    private static ProblemHttpResult Problem(int status, string title, string code, string chinese, string english) =>
        TypedResults.Problem(detail: Bilingual.Join(chinese, english), statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
