namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// What one received datagram means for a request/reply exchange. Pure functions over bytes, so
/// the protocol rules (sequence and port checks, acks, errors, NLMSG_DONE, NLM_F_DUMP_INTR) are
/// tested with recorded datagrams; <see cref="NetlinkConnection"/> only feeds them what it receives.
/// </summary>
internal static class NetlinkReplies
{
    public enum Outcome
    {
        /// <summary>The exchange is not finished; receive another datagram.</summary>
        NeedMore,

        /// <summary>Acknowledged, or the dump ended consistently.</summary>
        Complete,

        /// <summary>The dump ended but the kernel flagged it NLM_F_DUMP_INTR; its results are unreliable.</summary>
        Interrupted,
    }

    /// <summary>An exchange that ends with an acknowledgement (NLM_F_ACK); replies before it go to <paramref name="onReply"/>.</summary>
    public static Outcome ProcessAck(
        string operation, ReadOnlySpan<byte> datagram, uint sequence, uint portId, NetlinkConnection.ReplyHandler? onReply)
    {
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            if (!IsReplyTo(message.Header, sequence, portId))
            {
                continue;
            }

            switch (message.Header.Type)
            {
                case NetlinkMessageType.NLMSG_ERROR:
                    var errno = NetlinkErrorMessage.ParseError(message.Payload, message.Header.Flags, out var text);
                    return errno == 0 ? Outcome.Complete : throw new NetlinkException(operation, errno, text);
                case NetlinkMessageType.NLMSG_NOOP:
                    break;
                case NetlinkMessageType.NLMSG_DONE:
                case NetlinkMessageType.NLMSG_OVERRUN:
                    throw new NetlinkFormatException($"{operation}: unexpected control message {message.Header.Type} before the acknowledgement.");
                default:
                    onReply?.Invoke(message);
                    break;
            }
        }

        return Outcome.NeedMore;
    }

    /// <summary>
    /// An exchange that ends with NLMSG_DONE (NLM_F_DUMP). Parsed messages are added to
    /// <paramref name="results"/> until the first one flagged NLM_F_DUMP_INTR; after that the
    /// rest is drained but not parsed, and the dump ends as <see cref="Outcome.Interrupted"/>.
    /// </summary>
    public static Outcome ProcessDump<T>(
        string operation, ReadOnlySpan<byte> datagram, uint sequence, uint portId,
        NetlinkConnection.DumpParser<T> parse, List<T> results, ref bool interrupted)
        where T : class
    {
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            if (!IsReplyTo(message.Header, sequence, portId))
            {
                continue;
            }

            interrupted |= (message.Header.Flags & NetlinkFlags.NLM_F_DUMP_INTR) != 0;
            switch (message.Header.Type)
            {
                case NetlinkMessageType.NLMSG_DONE:
                    var doneErrno = NetlinkErrorMessage.ParseDone(message.Payload, message.Header.Flags, out var doneText);
                    if (doneErrno != 0)
                    {
                        throw new NetlinkException(operation, doneErrno, doneText);
                    }

                    return interrupted ? Outcome.Interrupted : Outcome.Complete;
                case NetlinkMessageType.NLMSG_ERROR:
                    var errno = NetlinkErrorMessage.ParseError(message.Payload, message.Header.Flags, out var text);
                    throw new NetlinkException(operation, errno, text);
                case NetlinkMessageType.NLMSG_NOOP:
                    break;
                case NetlinkMessageType.NLMSG_OVERRUN:
                    throw new NetlinkFormatException($"{operation}: NLMSG_OVERRUN.");
                default:
                    if (!interrupted && parse(message) is { } result)
                    {
                        results.Add(result);
                    }

                    break;
            }
        }

        return Outcome.NeedMore;
    }

    /// <summary>
    /// Replies to an earlier exchange that was abandoned by an exception can still be queued; they
    /// carry an older sequence number and are skipped. A reply to this exchange for another port
    /// means the socket is confused, which is a hard error.
    /// </summary>
    private static bool IsReplyTo(in NetlinkMessageHeader header, uint sequence, uint portId)
    {
        if (header.Sequence != sequence)
        {
            return false;
        }

        if (header.PortId != portId)
        {
            throw new NetlinkFormatException($"Reply {header} is for port {header.PortId}; this socket is port {portId}.");
        }

        return true;
    }
}
