using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// A unicast default route (prefix length 0, any table) was added, changed or deleted. It says
/// nothing of the route itself: which links hold default routes now is a dump away.
/// </summary>
public sealed record DefaultRouteEvent(AddressFamily Family, bool Deleted) : RtnlEvent;
