using System.Net.Sockets;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.Probe;

/// <summary>
/// An AF_PACKET raw socket bound to one link and one EtherType: whole Ethernet frames out and in.
/// It belongs to the network namespace of the thread that opened it. Made and bound through libc
/// (.NET has no packet endpoint), then handed to a <see cref="Socket"/> so that waiting for an
/// answer holds no thread. Frames this host sends are not read back (PACKET_IGNORE_OUTGOING). Every
/// libc failure throws <see cref="SystemCallException"/> at once.
/// </summary>
internal sealed class PacketSocket : IDisposable
{
    private readonly Socket _socket;

    private PacketSocket(Socket socket) => _socket = socket;

    public static unsafe PacketSocket Open(int linkIndex, ushort etherType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linkIndex);
        var fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(etherType));
        if (fd < 0)
        {
            throw new SystemCallException($"socket(AF_PACKET, 0x{etherType:x4})", errno);
        }

        try
        {
            var on = 1;
            if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof(int)) < 0)
            {
                throw new SystemCallException("setsockopt(PACKET_IGNORE_OUTGOING)", errno);
            }

            // Sends without an address go out of the bound link with the bound EtherType.
            var address = new sockaddr_ll { sll_family = (ushort)AF_PACKET, sll_protocol = htons(etherType), sll_ifindex = linkIndex };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)) < 0)
            {
                throw new SystemCallException($"bind(AF_PACKET, link #{linkIndex})", errno);
            }

            return new PacketSocket(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>Receives frames sent to this Ethernet multicast group too, whatever the link's own filter holds.</summary>
    public unsafe void JoinMulticast(int linkIndex, ReadOnlySpan<byte> mac)
    {
        var request = new packet_mreq { mr_ifindex = linkIndex, mr_type = (ushort)PACKET_MR_MULTICAST, mr_alen = (ushort)mac.Length };
        mac.CopyTo(new Span<byte>(request.mr_address, 8));
        if (setsockopt((int)_socket.Handle, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &request, (uint)sizeof(packet_mreq)) < 0)
        {
            throw new SystemCallException($"setsockopt(PACKET_ADD_MEMBERSHIP, link #{linkIndex})", errno);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var sent = await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (sent != frame.Length)
        {
            throw new SystemCallException($"send(AF_PACKET) sent {sent} of {frame.Length} bytes", EIO);
        }
    }

    /// <summary>
    /// The next frame that comes in from the link, within <paramref name="timeout"/>: its length, or 0
    /// when none came. <paramref name="cancellationToken"/> (the caller's) still throws.
    /// </summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // Linked: the caller's token (the request went away) and the wait's own bound.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), bounded, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    public void Dispose() => _socket.Dispose();
}
