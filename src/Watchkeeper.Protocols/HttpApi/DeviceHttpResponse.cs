using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>A complete HTTP response from a device, its body read up to the cap.</summary>
/// <param name="Endpoint">The URL without user information, for details and logs.</param>
public sealed record DeviceHttpResponse(string Endpoint, HttpStatusCode Status, string? ReasonPhrase, string? MediaType, byte[] Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The status line as an engineer reads it, e.g. "HTTP 404 Not Found".</summary>
    public string StatusText => $"HTTP {(int)Status} {ReasonPhrase}".TrimEnd();

    /// <summary>Decodes the body as UTF-8, which every device API this code reads uses.</summary>
    public string BodyText() => Encoding.UTF8.GetString(Body);
}

/// <summary>The response of one request, or why there is none.</summary>
public sealed class DeviceHttpResult
{
    private DeviceHttpResult(DeviceHttpResponse? response, ProbeFailure? failure)
    {
        Response = response;
        Failure = failure;
    }

    public DeviceHttpResponse? Response { get; }

    public ProbeFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Response))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Response is not null;

    public static DeviceHttpResult Success(DeviceHttpResponse response) => new(response, null);

    public static DeviceHttpResult Fail(ProbeFailure failure) => new(null, failure);
}
