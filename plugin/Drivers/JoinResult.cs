using System.Net;

namespace Csnet.Plugin.Drivers;

/// <summary>The link the daemon moves into the container, its name prefix there, and the default gateway.</summary>
public sealed record JoinResult(string SrcName, string DstPrefix, IPAddress? Gateway, bool DisableGatewayService = false);
