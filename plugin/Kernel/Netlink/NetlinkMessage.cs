namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>One message of a received datagram: its header and the payload after it.</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NetlinkMessageHeader header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public NetlinkMessageHeader Header { get; }

    /// <summary>Everything after struct nlmsghdr, up to nlmsg_len (family header, then attributes).</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
