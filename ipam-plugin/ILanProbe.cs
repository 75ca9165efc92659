using System.Net;
using System.Net.NetworkInformation;

namespace Csnet.Ipam;

/// <summary>
/// Asks a LAN whether a host there already holds an address (ARP for IPv4, duplicate address
/// detection for IPv6), implemented by the host program over raw packet sockets. The IPAM calls
/// it only for pools whose network named a link to probe on (<see cref="PoolAttachment.ProbeLink"/>)
/// and sends nothing anywhere else.
/// </summary>
public interface ILanProbe
{
    /// <summary>
    /// The MAC of the host that answered for <paramref name="address"/> on <paramref name="linkName"/>,
    /// or null when none did within the probe's bounds (or the link cannot be probed now). The wait
    /// holds no thread: requests of other containers go on meanwhile.
    /// </summary>
    ValueTask<PhysicalAddress?> ProbeAsync(string linkName, IPAddress address, CancellationToken cancellationToken);
}
