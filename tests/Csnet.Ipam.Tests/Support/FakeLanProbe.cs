using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;

namespace Csnet.Ipam.Tests.Support;

/// <summary>A LAN in memory: <see cref="Hold"/> puts a host on an address; every probe is recorded.</summary>
internal sealed class FakeLanProbe : ILanProbe
{
    private readonly ConcurrentDictionary<IPAddress, PhysicalAddress> _held = new();

    public ConcurrentQueue<(string Link, IPAddress Address)> Probes { get; } = new();

    /// <summary>Runs inside every probe (a test can block there to hold probes in flight, or throw).</summary>
    public Action<IPAddress, CancellationToken>? During { get; set; }

    public void Hold(string address, string mac) => _held[IPAddress.Parse(address)] = PhysicalAddress.Parse(mac);

    public void Leave(string address) => _held.TryRemove(IPAddress.Parse(address), out _);

    public IReadOnlyList<string> ProbedAddresses => Probes.Select(p => p.Address.ToString()).ToList();

    public ValueTask<PhysicalAddress?> ProbeAsync(string linkName, IPAddress address, CancellationToken cancellationToken)
    {
        Probes.Enqueue((linkName, address));
        During?.Invoke(address, cancellationToken);
        return ValueTask.FromResult(_held.GetValueOrDefault(address));
    }
}
