namespace Csnet.Common.Storage;

/// <summary>
/// A state export that cannot be imported (not JSON, not a csnet export, a newer format, a broken
/// collection). Thrown before anything is written; the message names what is wrong and where.
/// </summary>
public sealed class StateDumpFormatException(string message) : Exception(message);
