using System.Net;
using System.Net.NetworkInformation;

namespace Csnet.Ipam;

/// <summary>The <see cref="ILanProbe"/> of a host program that has none: nothing ever answers.</summary>
internal sealed class NoLanProbe : ILanProbe
{
    public ValueTask<PhysicalAddress?> ProbeAsync(string linkName, IPAddress address, CancellationToken cancellationToken) => ValueTask.FromResult<PhysicalAddress?>(null);
}
