using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Netns;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// Link and route notifications of one network namespace (RTNLGRP_LINK, RTNLGRP_IPV4_ROUTE,
/// RTNLGRP_IPV6_ROUTE) on a socket of its own, so a caller can keep what it derives from links and
/// default routes instead of dumping them again. Subscribed when <see cref="Open"/> returns: a
/// change made after that is reported, unless the receive buffer overflowed, which is reported as
/// <see cref="EventsLostEvent"/>.
/// </summary>
public sealed class RtnlEventListener : IDisposable
{
    private const int ENOBUFS = 105;

    // Deep enough for a burst (a BGP session reset, hundreds of containers at once); beyond it
    // the kernel drops, and one EventsLostEvent stands for everything that was lost.
    private const int ReceiveBufferBytes = 4 << 20;

    // How long one wait lasts before Run looks at its token again.
    private static readonly TimeSpan StopCheck = TimeSpan.FromMilliseconds(250);

    private readonly NetlinkSocket _socket;
    private byte[] _buffer = new byte[64 * 1024];

    private RtnlEventListener(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>
    /// Subscribes in <paramref name="ns"/>, or in the caller's current namespace when null (the
    /// socket is created on a thread inside <paramref name="ns"/> and stays bound to it).
    /// </summary>
    public static RtnlEventListener Open(NetworkNamespace? ns = null) => Open(ns, ReceiveBufferBytes);

    /// <summary>As <see cref="Open(NetworkNamespace?)"/> with another buffer size (tests overflow a small one).</summary>
    internal static RtnlEventListener Open(NetworkNamespace? ns, int receiveBufferBytes) =>
        new(ns is null ? Subscribe(receiveBufferBytes) : ns.Run(() => Subscribe(receiveBufferBytes)));

    /// <summary>
    /// Receives until <paramref name="stop"/> is cancelled (noticed within a quarter of a second),
    /// handing each event to <paramref name="onEvent"/> on the calling thread. Blocks: give it a
    /// thread of its own. Dispose the listener only after Run has returned.
    /// </summary>
    public void Run(Action<RtnlEvent> onEvent, CancellationToken stop)
    {
        var events = new List<RtnlEvent>();
        while (!stop.IsCancellationRequested)
        {
            if (!_socket.WaitReadable(StopCheck))
                continue;
            events.Clear();
            ReceiveOnce(events);
            foreach (var received in events)
                onEvent(received);
        }
    }

    public void Dispose() => _socket.Dispose();

    private void ReceiveOnce(List<RtnlEvent> events)
    {
        int length;
        try
        {
            length = _socket.Receive(ref _buffer);
        }
        catch (SystemCallException error) when (error.Errno == ENOBUFS)
        {
            // The kernel reports an overflow once, as the error of the next receive; the socket
            // goes on working.
            events.Add(new EventsLostEvent());
            return;
        }

        try
        {
            RtnlEventParser.Parse(_buffer.AsSpan(0, length), events);
        }
        catch (NetlinkFormatException)
        {
            // A notification csnet cannot read may have been one that matters.
            events.Add(new EventsLostEvent());
        }
    }

    private static NetlinkSocket Subscribe(int receiveBufferBytes)
    {
        var socket = NetlinkSocket.Open(NetlinkSocket.NETLINK_ROUTE);
        try
        {
            socket.SetReceiveBuffer(receiveBufferBytes);
            socket.JoinGroup(RtnlGroups.RTNLGRP_LINK);
            socket.JoinGroup(RtnlGroups.RTNLGRP_IPV4_ROUTE);
            socket.JoinGroup(RtnlGroups.RTNLGRP_IPV6_ROUTE);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
