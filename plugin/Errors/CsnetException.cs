namespace Csnet.Plugin.Errors;

/// <summary>
/// A failure whose message is the sentence the user reads in `docker` output: what was wrong
/// and what to change.
/// </summary>
public sealed class CsnetException : Exception
{
    public CsnetException(ErrorKind kind, string userMessage, Exception? inner = null)
        : base(userMessage, inner)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    public static CsnetException InvalidOption(string message) => new(ErrorKind.InvalidOption, message);
    public static CsnetException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static CsnetException NotSupported(string message) => new(ErrorKind.NotSupported, message);
}
