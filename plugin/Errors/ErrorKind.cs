namespace Csnet.Plugin.Errors;

/// <summary>The category of a failure; the endpoint layer answers all of them with HTTP 500 and the user message.</summary>
public enum ErrorKind
{
    InvalidOption,
    InvalidRequest,
    NotFound,
    Conflict,
    Exhausted,
    NotSupported,
    Kernel,
}
