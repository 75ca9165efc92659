using System.Net;
using System.Net.NetworkInformation;

namespace Csnet.Plugin.Kernel.Probe;

/// <summary>Asks one link whether a host there holds an address.</summary>
public interface INeighbourProbe
{
    /// <summary>
    /// Probes <paramref name="address"/> on the link with <paramref name="linkIndex"/> (whose MAC is
    /// <paramref name="linkMac"/>, the probes' source) and returns the MAC of the host that
    /// answered, or null when none did within the probe's bounds.
    /// </summary>
    ValueTask<PhysicalAddress?> ProbeAsync(int linkIndex, PhysicalAddress linkMac, IPAddress address, CancellationToken cancellationToken = default);
}
