namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// libnftables rejected a script, or could not be loaded. Nothing of a rejected script took effect:
/// libnftables sends a buffer as one batch and the kernel applies all of it or none.
/// </summary>
public sealed class NftablesException : Exception
{
    public NftablesException(string operation, string? libraryMessage, Exception? inner = null)
        : base(Format(operation, libraryMessage), inner)
    {
        Operation = operation;
        LibraryMessage = libraryMessage;
    }

    /// <summary>What csnet was doing, e.g. "apply ruleset" or "list chain ip filter FORWARD".</summary>
    public string Operation { get; }

    /// <summary>libnftables' error text (its error buffer), with the offending line marked.</summary>
    public string? LibraryMessage { get; }

    private static string Format(string operation, string? libraryMessage) =>
        string.IsNullOrWhiteSpace(libraryMessage)
            ? $"nftables: {operation} failed"
            : $"nftables: {operation} failed: {libraryMessage.Trim()}";
}
