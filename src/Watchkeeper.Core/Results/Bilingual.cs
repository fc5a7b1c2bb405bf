namespace Watchkeeper.Core.Results;

/// <summary>
/// Joins a Simplified Chinese text and its English version into one message, Chinese first.
/// </summary>
/// <remarks>
/// Used for messages that leave the server outside a rendered page (ProblemDetails, logs shown to users,
/// import reports). Pages take their text from resources in the user's chosen culture instead.
/// </remarks>
public static class Bilingual
{
    public const string Separator = " / ";

    public static string Join(string chinese, string english) => chinese + Separator + english;
}
