using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Probe;

/// <summary>
/// <see cref="INeighbourProbe"/> over a raw packet socket on the link: ARP probes for IPv4, duplicate
/// address detection solicitations for IPv6 (<see cref="ProbeFrames"/>). Bounded by
/// <see cref="ProbeTiming"/>: an address nobody holds costs Count × Interval, an answer ends the
/// probe at once; the waiting holds no thread. Nothing is sent anywhere but the given link, and the
/// probes teach no neighbour cache an address (their sender address is unspecified).
/// </summary>
public sealed class NeighbourProbe(ProbeTiming timing, TimeProvider time) : INeighbourProbe
{
    /// <summary>33:33:00:00:00:01, where answers to a solicitation from :: go (all-nodes, RFC 4861 §7.2.4).</summary>
    private static readonly byte[] AllNodes = [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];

    public async ValueTask<PhysicalAddress?> ProbeAsync(int linkIndex, PhysicalAddress linkMac, IPAddress address, CancellationToken cancellationToken = default)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var frame = v6 ? ProbeFrames.NeighbourSolicitation(linkMac, address) : ProbeFrames.ArpProbe(linkMac, address);
        using var socket = PacketSocket.Open(linkIndex, v6 ? ProbeFrames.ETH_P_IPV6 : ProbeFrames.ETH_P_ARP);
        if (v6)
        {
            socket.JoinMulticast(linkIndex, AllNodes);
        }

        var buffer = new byte[2048];
        for (var sent = 0; sent < timing.Count; sent++)
        {
            await socket.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            var started = time.GetTimestamp();
            while (time.GetElapsedTime(started) is var elapsed && elapsed < timing.Interval)
            {
                var length = await socket.ReceiveAsync(buffer, timing.Interval - elapsed, time, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    continue;
                }

                var received = buffer.AsSpan(0, length);
                var holder = v6 ? ProbeFrames.AdvertisementHolder(received, address) : ProbeFrames.ArpHolder(received, address);
                if (holder is not null)
                {
                    return holder;
                }
            }
        }

        return null;
    }
}
