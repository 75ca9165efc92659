namespace Csnet.Plugin.Protocol;

/// <summary>
/// Sent with HTTP 500. The network shim reads "Err", the IPAM shim reads "Error" for 200-level
/// errors; both carry the same text so either reader finds it.
/// </summary>
public sealed record ErrorResponse(string Err, string Error);
