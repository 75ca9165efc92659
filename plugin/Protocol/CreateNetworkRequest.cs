using System.Text.Json;

namespace Csnet.Plugin.Protocol;

/// <summary>
/// /NetworkDriver.CreateNetwork. Options holds "com.docker.network.generic" (the user's -o map),
/// "com.docker.network.enable_ipv6", "…enable_ipv4" (28+) and "…internal" (only with --internal).
/// </summary>
public sealed record CreateNetworkRequest(
    string? NetworkID,
    Dictionary<string, JsonElement>? Options,
    List<IpamData>? IPv4Data,
    List<IpamData>? IPv6Data);
