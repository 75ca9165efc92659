using System.Net;

namespace Csnet.Plugin.Drivers;

/// <summary>The link the daemon moves into the container, its name prefix there, and the default gateways per family.</summary>
public sealed record JoinResult(
    string SrcName,
    string DstPrefix,
    IPAddress? Gateway,
    IPAddress? GatewayIPv6,
    bool DisableGatewayService = false);
