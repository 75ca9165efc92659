using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.Probe;

/// <summary>
/// An AF_PACKET raw socket bound to one link and one EtherType: whole Ethernet frames out and in.
/// It belongs to the network namespace of the thread that opened it. Frames this host sends are
/// not read back (PACKET_IGNORE_OUTGOING, and the packet type is checked too). Every libc failure
/// throws <see cref="SystemCallException"/> at once.
/// </summary>
internal sealed unsafe class PacketSocket : IDisposable
{
    private int _fd;
    private readonly int _linkIndex;
    private readonly ushort _etherType;

    private PacketSocket(int fd, int linkIndex, ushort etherType)
    {
        _fd = fd;
        _linkIndex = linkIndex;
        _etherType = etherType;
    }

    public static PacketSocket Open(int linkIndex, ushort etherType)
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

            var address = Address(linkIndex, etherType);
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)) < 0)
            {
                throw new SystemCallException($"bind(AF_PACKET, link #{linkIndex})", errno);
            }

            return new PacketSocket(fd, linkIndex, etherType);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>Receives frames sent to this Ethernet multicast group too, whatever the link's own filter holds.</summary>
    public void JoinMulticast(ReadOnlySpan<byte> mac)
    {
        var request = new packet_mreq { mr_ifindex = _linkIndex, mr_type = (ushort)PACKET_MR_MULTICAST, mr_alen = (ushort)mac.Length };
        mac.CopyTo(new Span<byte>(request.mr_address, 8));
        if (setsockopt(Fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &request, (uint)sizeof(packet_mreq)) < 0)
        {
            throw new SystemCallException($"setsockopt(PACKET_ADD_MEMBERSHIP, link #{_linkIndex})", errno);
        }
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        var address = Address(_linkIndex, _etherType);
        fixed (byte* data = frame)
        {
            while (true)
            {
                var sent = (long)sendto(Fd, data, frame.Length, 0, (sockaddr*)&address, (uint)sizeof(sockaddr_ll));
                if (sent == frame.Length)
                {
                    return;
                }

                var error = errno;
                if (sent >= 0 || error != EINTR)
                {
                    throw new SystemCallException($"sendto(AF_PACKET, link #{_linkIndex})", sent >= 0 ? EIO : error);
                }
            }
        }
    }

    /// <summary>
    /// Waits at most <paramref name="timeoutMilliseconds"/> for a frame that came in from the link
    /// and returns its length; 0 when none came.
    /// </summary>
    public int Receive(Span<byte> buffer, int timeoutMilliseconds)
    {
        var wait = new pollfd { fd = Fd, events = POLLIN };
        var ready = poll(&wait, 1, Math.Max(0, timeoutMilliseconds));
        if (ready < 0)
        {
            var error = errno;
            return error == EINTR ? 0 : throw new SystemCallException("poll(AF_PACKET)", error);
        }

        if (ready == 0)
        {
            return 0;
        }

        var from = default(sockaddr_ll);
        socklen_t length = (uint)sizeof(sockaddr_ll);
        fixed (byte* data = buffer)
        {
            var received = (long)recvfrom(Fd, data, buffer.Length, MSG_DONTWAIT | MSG_TRUNC, (sockaddr*)&from, &length);
            if (received < 0)
            {
                var error = errno;
                return error == EAGAIN || error == EINTR ? 0 : throw new SystemCallException("recvfrom(AF_PACKET)", error);
            }

            // A kernel without PACKET_IGNORE_OUTGOING's effect still marks our own frames.
            return from.sll_pkttype == PACKET_OUTGOING ? 0 : (int)Math.Min(received, buffer.Length);
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            close(fd);
        }
    }

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(PacketSocket));

    private static sockaddr_ll Address(int linkIndex, ushort etherType) => new()
    {
        sll_family = (ushort)AF_PACKET,
        sll_protocol = htons(etherType),
        sll_ifindex = linkIndex,
    };
}
