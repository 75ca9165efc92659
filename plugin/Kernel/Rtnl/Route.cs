using System.Net;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A route from the main table (RTM_NEWROUTE). Destination null means default route.</summary>
public sealed record Route(IPAddress? Destination, int PrefixLength, IPAddress? Gateway, int? OutputIndex);
