namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Request/reply exchanges over one netlink socket. Each exchange runs under a lock, so one
/// connection can be shared by many threads; sequence number and port id of every reply are checked.
/// </summary>
public sealed class NetlinkConnection : IDisposable
{
    /// <summary>How often a dump is restarted when the kernel flags it NLM_F_DUMP_INTR.</summary>
    public const int DumpAttempts = 5;

    private readonly Lock _lock = new();
    private readonly NetlinkSocket _socket;
    private byte[] _receiveBuffer = new byte[32 * 1024];
    private uint _sequence;

    private NetlinkConnection(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Handles one reply message; <see cref="NetlinkMessage"/> is only valid during the call.</summary>
    public delegate void ReplyHandler(in NetlinkMessage message);

    /// <summary>Turns one dump message into a result, or null to skip it.</summary>
    public delegate T? DumpParser<T>(in NetlinkMessage message)
        where T : class;

    /// <summary>Opens a socket of <paramref name="protocol"/> in the calling thread's network namespace.</summary>
    public static NetlinkConnection Open(int protocol) => new(NetlinkSocket.Open(protocol));

    /// <summary>
    /// Sends the request with NLM_F_REQUEST | NLM_F_ACK added, passes any reply messages to
    /// <paramref name="onReply"/> and returns at the acknowledgement. An error ack throws
    /// <see cref="NetlinkException"/> naming <paramref name="operation"/>.
    /// </summary>
    public void Execute(string operation, ref NetlinkWriter request, ReplyHandler? onReply = null)
    {
        lock (_lock)
        {
            var sequence = Send(ref request, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK);
            while (true)
            {
                var length = _socket.Receive(ref _receiveBuffer);
                foreach (var message in new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length)))
                {
                    if (!IsReplyTo(message.Header, sequence))
                    {
                        continue;
                    }

                    switch (message.Header.Type)
                    {
                        case NetlinkMessageType.NLMSG_ERROR:
                            var errno = NetlinkErrorMessage.ParseError(message.Payload, message.Header.Flags, out var text);
                            if (errno != 0)
                            {
                                throw new NetlinkException(operation, errno, text);
                            }

                            return;
                        case NetlinkMessageType.NLMSG_NOOP:
                            break;
                        case NetlinkMessageType.NLMSG_DONE:
                        case NetlinkMessageType.NLMSG_OVERRUN:
                            throw new NetlinkFormatException($"{operation}: unexpected control message {message.Header.Type}.");
                        default:
                            onReply?.Invoke(message);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Sends the request with NLM_F_REQUEST | NLM_F_DUMP added and collects every part until
    /// NLMSG_DONE. When the kernel flags the dump NLM_F_DUMP_INTR (the table changed while it was
    /// read), the results are thrown away and the dump is restarted, up to <see cref="DumpAttempts"/> times.
    /// </summary>
    public List<T> Dump<T>(string operation, ref NetlinkWriter request, DumpParser<T> parse)
        where T : class
    {
        lock (_lock)
        {
            for (var attempt = 1; attempt <= DumpAttempts; attempt++)
            {
                var results = new List<T>();
                if (DumpOnce(operation, ref request, parse, results))
                {
                    return results;
                }
            }

            throw new NetlinkDumpInterruptedException(operation, DumpAttempts);
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Returns false when the dump was interrupted and must be repeated.</summary>
    private bool DumpOnce<T>(string operation, ref NetlinkWriter request, DumpParser<T> parse, List<T> results)
        where T : class
    {
        // No NLM_F_ACK: NLMSG_DONE ends a dump and carries its error.
        var sequence = Send(ref request, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP);
        var interrupted = false;
        while (true)
        {
            var length = _socket.Receive(ref _receiveBuffer);
            foreach (var message in new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length)))
            {
                if (!IsReplyTo(message.Header, sequence))
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

                        return !interrupted;
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
        }
    }

    private uint Send(ref NetlinkWriter request, ushort flags)
    {
        var sequence = unchecked(++_sequence);
        request.StampHeader(sequence, _socket.PortId);
        request.AddFlags(flags);
        _socket.Send(request.WrittenSpan);
        return sequence;
    }

    /// <summary>
    /// Replies to an earlier exchange that was abandoned by an exception can still be queued; they
    /// carry an older sequence number and are skipped. A reply to this exchange for another port
    /// means the socket is confused, which is a hard error.
    /// </summary>
    private bool IsReplyTo(in NetlinkMessageHeader header, uint sequence)
    {
        if (header.Sequence != sequence)
        {
            return false;
        }

        if (header.PortId != _socket.PortId)
        {
            throw new NetlinkFormatException($"Reply {header} is for port {header.PortId}, this socket is port {_socket.PortId}.");
        }

        return true;
    }
}
