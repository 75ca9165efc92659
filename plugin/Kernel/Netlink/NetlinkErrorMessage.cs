using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Decodes the payload of NLMSG_ERROR (struct nlmsgerr followed by extended-ack attributes) and of
/// NLMSG_DONE (an int error, then the same attributes).
/// </summary>
public static class NetlinkErrorMessage
{
    /// <summary>NLMSGERR_ATTR_MSG: a human-readable error string from the kernel.</summary>
    public const ushort NLMSGERR_ATTR_MSG = 1;

    /// <summary>Returns the positive errno (0 for a plain acknowledgement) and the kernel's message, if any.</summary>
    public static int ParseError(ReadOnlySpan<byte> payload, ushort flags, out string? kernelMessage)
    {
        // struct nlmsgerr { int error; struct nlmsghdr msg; } and, unless NLM_F_CAPPED, the
        // request's payload after it; NETLINK_CAP_ACK is what makes the kernel cap it.
        const int nlmsgerrSize = sizeof(int) + NetlinkMessageHeader.Size;
        if (payload.Length < nlmsgerrSize)
        {
            throw new NetlinkFormatException($"NLMSG_ERROR payload of {payload.Length} bytes is shorter than struct nlmsgerr.");
        }

        var error = MemoryMarshal.Read<int>(payload);
        var offset = nlmsgerrSize;
        if ((flags & NetlinkFlags.NLM_F_CAPPED) == 0)
        {
            var original = MemoryMarshal.Read<NetlinkMessageHeader>(payload[sizeof(int)..]);
            if (original.Length < NetlinkMessageHeader.Size || original.Length > payload.Length - sizeof(int))
            {
                throw new NetlinkFormatException(
                    $"NLMSG_ERROR echoes a request of {original.Length} bytes in a payload of {payload.Length}.");
            }

            offset = sizeof(int) + NetlinkAlignment.Align((int)original.Length);
        }

        kernelMessage = (flags & NetlinkFlags.NLM_F_ACK_TLVS) != 0 && offset < payload.Length
            ? FindMessage(payload[offset..])
            : null;
        return -error;
    }

    /// <summary>NLMSG_DONE carries an int error (0 when the dump succeeded) and possibly extended-ack attributes.</summary>
    public static int ParseDone(ReadOnlySpan<byte> payload, ushort flags, out string? kernelMessage)
    {
        kernelMessage = null;
        if (payload.Length < sizeof(int))
        {
            return 0;
        }

        var error = MemoryMarshal.Read<int>(payload);
        var offset = NetlinkAlignment.Align(sizeof(int));
        if ((flags & NetlinkFlags.NLM_F_ACK_TLVS) != 0 && offset < payload.Length)
        {
            kernelMessage = FindMessage(payload[offset..]);
        }

        return -error;
    }

    private static string? FindMessage(ReadOnlySpan<byte> attributes)
    {
        foreach (var attribute in new AttributeReader(attributes))
        {
            if (attribute.Type == NLMSGERR_ATTR_MSG)
            {
                return attribute.GetString();
            }
        }

        return null;
    }
}
