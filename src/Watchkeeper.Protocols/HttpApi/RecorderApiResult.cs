using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>The result of reading a device through one vendor API.</summary>
internal abstract record RecorderApiResult
{
    private RecorderApiResult()
    {
    }

    public sealed record Read(RecorderReport Report) : RecorderApiResult;

    /// <summary>The device responded over HTTP, but not as this API does (404, a web page, another document).</summary>
    public sealed record NotThisApi(ProbeReason Reason, string Detail) : RecorderApiResult;

    /// <summary>The device rejected the credentials (HTTP 401 after sending them), or needs some and the ledger has none.</summary>
    public sealed record AuthenticationFailed(string Detail) : RecorderApiResult;

    public sealed record Failed(ProbeFailure Failure) : RecorderApiResult;
}

/// <summary>One vendor's HTTP API for device information and recorder storage.</summary>
internal interface IRecorderApi
{
    /// <summary>The API's name in details, e.g. "ISAPI".</summary>
    string Name { get; }

    Task<RecorderApiResult> ReadAsync(DeviceHttpClient http, Uri baseUri, CancellationToken cancellationToken);
}

/// <summary>Response handling both vendor APIs share.</summary>
internal static class RecorderApiResponses
{
    /// <summary>Cap on small documents such as device information, in bytes.</summary>
    public const int MaxInfoBytes = 256 * 1024;

    /// <summary>Cap on the storage document. The captured one-disk, one-NAS document is 1.6 KB, so this leaves room for many disks.</summary>
    public const int MaxStorageBytes = 1024 * 1024;

    /// <summary>
    /// Sends the request that identifies the API (device information). Returns its 2xx response, or, when
    /// there is none, the result that ends the attempt.
    /// </summary>
    public static async Task<(DeviceHttpResponse? Response, RecorderApiResult? Refusal)> GetIdentityAsync(
        DeviceHttpClient http, Uri uri, string apiName, CancellationToken cancellationToken)
    {
        var result = await http.GetAsync(uri, MaxInfoBytes, authenticate: true, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return (null, new RecorderApiResult.Failed(result.Failure));
        }

        var refusal = ClassifyIdentityStatus(result.Response, http.HasCredential, apiName);
        return refusal is null ? (result.Response, null) : (null, refusal);
    }

    /// <summary>Classifies a non-2xx response to the request that identifies the API; null for a 2xx.</summary>
    private static RecorderApiResult? ClassifyIdentityStatus(DeviceHttpResponse response, bool hasCredential, string apiName)
    {
        if (response.IsSuccess)
        {
            return null;
        }

        var status = (int)response.Status;
        if (status == 401)
        {
            return new RecorderApiResult.AuthenticationFailed(hasCredential
                ? $"{response.Endpoint}: {response.StatusText} after sending the ledger's credentials; check the user name and password"
                : $"{response.Endpoint}: {response.StatusText}; the device requires credentials and the ledger has none");
        }

        if (status is 404 or 405 or 501 || status is >= 300 and < 400)
        {
            return new RecorderApiResult.NotThisApi(ProbeReason.UnexpectedStatus, $"{response.Endpoint}: {response.StatusText}, so the device does not offer {apiName} there");
        }

        return new RecorderApiResult.Failed(new ProbeFailure(ProbeReason.UnexpectedStatus, $"{response.Endpoint}: {response.StatusText} from {apiName}"));
    }

    /// <summary>Explains why a secondary document (storage, firmware) could not be read, for the outcome's notes.</summary>
    public static string DescribeUnreadable(DeviceHttpResponse response, string what, string? deviceMessage = null)
    {
        var reason = (int)response.Status switch
        {
            401 or 403 => "the account lacks the permission; use an account that may read it",
            404 or 405 or 501 => "the device does not offer it",
            _ => "the device returned an error",
        };
        var message = deviceMessage is null ? "" : $" ({deviceMessage})";
        return $"{what} not read: {response.StatusText}{message}, {reason}";
    }
}
