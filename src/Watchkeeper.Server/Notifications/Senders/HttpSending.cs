using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>Posts JSON for the HTTP senders, through the named client whose request logging is off because URLs carry tokens.</summary>
public sealed class HttpSending(IHttpClientFactory clients)
{
    public const string ClientName = "Watchkeeper.Notifications";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public HttpClient Client => clients.CreateClient(ClientName);

    /// <summary>Posts a JSON body and returns the response text; throws unless the status is 2xx.</summary>
    public async Task<string> PostJsonAsync(string url, JsonNode body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(url, content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Returns the response text; throws with the status and the start of the text unless the status is 2xx.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new NotificationSendException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}");
        }

        return text;
    }

    /// <summary>Reads an integer status field (errcode, code) from a robot's JSON response; null when the response lacks it.</summary>
    public static (long? Code, string Message) ReadStatus(string responseText, string codeField, string messageField)
    {
        try
        {
            var node = JsonNode.Parse(responseText);
            var code = node?[codeField]?.GetValueKind() == JsonValueKind.Number ? node[codeField]!.GetValue<long>() : (long?)null;
            return (code, node?[messageField]?.ToString() ?? "");
        }
        catch (JsonException)
        {
            throw new NotificationSendException($"The response is not JSON: {Shorten(responseText)}");
        }
    }

    public static MediaTypeHeaderValue JsonMediaType => new("application/json") { CharSet = "utf-8" };

    internal static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
