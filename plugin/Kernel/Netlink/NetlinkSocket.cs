using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// A raw AF_NETLINK socket: open, bind, send to the kernel, receive whole datagrams. It stays bound
/// to the network namespace of the thread that created it. Every libc failure throws
/// <see cref="SystemCallException"/> at once. Not thread-safe; <see cref="NetlinkConnection"/> locks.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_NETFILTER = 12;

    // linux/netlink.h socket options at SOL_NETLINK; Tmds.LibC has SOL_NETLINK but not these.
    private const int NETLINK_ADD_MEMBERSHIP = 1;
    private const int NETLINK_CAP_ACK = 10;
    private const int NETLINK_EXT_ACK = 11;

    private int _fd;

    private NetlinkSocket(int fd, uint portId)
    {
        _fd = fd;
        PortId = portId;
    }

    /// <summary>The port id the kernel assigned at bind; replies carry it in nlmsg_pid.</summary>
    public uint PortId { get; }

    public static NetlinkSocket Open(int protocol)
    {
        var fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw new SystemCallException($"socket(AF_NETLINK, {protocol})", errno);
        }

        try
        {
            // Extended acks give the kernel's reason as text; capped acks keep error replies small.
            SetOption(fd, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            SetOption(fd, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");

            var address = new SockaddrNetlink { Family = (ushort)AF_NETLINK };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(SockaddrNetlink)) < 0)
            {
                throw new SystemCallException("bind(AF_NETLINK)", errno);
            }

            var bound = default(SockaddrNetlink);
            socklen_t length = (uint)sizeof(SockaddrNetlink);
            if (getsockname(fd, (sockaddr*)&bound, &length) < 0)
            {
                throw new SystemCallException("getsockname(AF_NETLINK)", errno);
            }

            return new NetlinkSocket(fd, bound.PortId);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>
    /// Joins multicast group <paramref name="group"/> (its number, e.g. RTNLGRP_LINK, not a bit mask):
    /// from now on the kernel also sends this socket the group's notifications.
    /// </summary>
    public void JoinGroup(int group) => SetOption(Fd, NETLINK_ADD_MEMBERSHIP, group, $"NETLINK_ADD_MEMBERSHIP {group}");

    /// <summary>
    /// Asks for a receive buffer of <paramref name="bytes"/>: past rmem_max with CAP_NET_ADMIN
    /// (SO_RCVBUFFORCE), else as far as rmem_max allows. A larger buffer overflows later when
    /// notifications come in bursts.
    /// </summary>
    public void SetReceiveBuffer(int bytes)
    {
        var value = bytes;
        if (setsockopt(Fd, SOL_SOCKET, SO_RCVBUFFORCE, &value, sizeof(int)) < 0
            && setsockopt(Fd, SOL_SOCKET, SO_RCVBUF, &value, sizeof(int)) < 0)
        {
            throw new SystemCallException("setsockopt(SO_RCVBUF)", errno);
        }
    }

    /// <summary>
    /// Waits until a datagram (or a pending error such as ENOBUFS) can be received, at most
    /// <paramref name="timeout"/>; false when the time ran out. Lets a receive loop stop without
    /// closing a socket another thread is blocked on.
    /// </summary>
    public bool WaitReadable(TimeSpan timeout)
    {
        var entry = new pollfd { fd = Fd, events = POLLIN };
        var ready = poll(&entry, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        if (ready < 0)
        {
            var error = errno;
            return error == EINTR ? false : throw new SystemCallException("poll(AF_NETLINK)", error);
        }

        return ready > 0;
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        var kernel = new SockaddrNetlink { Family = (ushort)AF_NETLINK };
        fixed (byte* data = message)
        {
            while (true)
            {
                var sent = (long)sendto(Fd, data, message.Length, 0, (sockaddr*)&kernel, (uint)sizeof(SockaddrNetlink));
                if (sent >= 0)
                {
                    if (sent != message.Length)
                    {
                        throw new NetlinkFormatException($"sendto sent {sent} of {message.Length} bytes.");
                    }

                    return;
                }

                var error = errno;
                if (error != EINTR)
                {
                    throw new SystemCallException("sendto(AF_NETLINK)", error);
                }
            }
        }
    }

    /// <summary>
    /// Receives one datagram, growing <paramref name="buffer"/> first if the datagram is larger
    /// (peeked with MSG_TRUNC, so a big dump part is never cut off). Returns its length.
    /// </summary>
    public int Receive(ref byte[] buffer)
    {
        var size = ReceiveCore(null, 0, MSG_PEEK | MSG_TRUNC);
        if (size > buffer.Length)
        {
            buffer = new byte[Math.Max(size, buffer.Length * 2)];
        }

        fixed (byte* data = buffer)
        {
            var received = ReceiveCore(data, buffer.Length, 0);
            if (received == 0)
            {
                throw new NetlinkFormatException("Received an empty netlink datagram.");
            }

            return received;
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // close's result is deliberately ignored: Linux releases the fd even when it reports
            // an error, so there is nothing to retry, and Dispose must not throw.
            close(fd);
        }
    }

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetlinkSocket));

    private int ReceiveCore(byte* data, int length, int flags)
    {
        while (true)
        {
            var received = (long)recv(Fd, data, length, flags);
            if (received >= 0)
            {
                return (int)received;
            }

            var error = errno;
            if (error != EINTR)
            {
                throw new SystemCallException("recv(AF_NETLINK)", error);
            }
        }
    }

    private static void SetOption(int fd, int option, int value, string name)
    {
        if (setsockopt(fd, SOL_NETLINK, option, &value, sizeof(int)) < 0)
        {
            throw new SystemCallException($"setsockopt({name})", errno);
        }
    }

    /// <summary>struct sockaddr_nl from linux/netlink.h (Tmds.LibC does not define it).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrNetlink
    {
        public ushort Family;
        public ushort Padding;
        public uint PortId;
        public uint Groups;
    }
}
