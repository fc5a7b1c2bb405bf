namespace Watchkeeper.Core.Results;

/// <summary>
/// An expected failure: a rule the input broke, or a move a state machine rejects.
/// </summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>device.code.duplicate</c>.</param>
/// <param name="Message">Text for the user, Simplified Chinese first and English beside it.</param>
/// <param name="Kind">How the REST layer maps the error to an HTTP status.</param>
/// <param name="Field">The input field at fault, in camelCase, when there is one.</param>
public sealed record Error(string Code, string Message, ErrorKind Kind = ErrorKind.Validation, string? Field = null)
{
    public static Error Validation(string code, string message, string? field = null) =>
        new(code, message, ErrorKind.Validation, field);

    public static Error NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);

    public static Error Conflict(string code, string message, string? field = null) =>
        new(code, message, ErrorKind.Conflict, field);

    /// <summary>An input over a size cap; the message names the cap.</summary>
    public static Error TooLarge(string code, string message, string? field = null) =>
        new(code, message, ErrorKind.TooLarge, field);
}

public enum ErrorKind
{
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    TooLarge,
}
