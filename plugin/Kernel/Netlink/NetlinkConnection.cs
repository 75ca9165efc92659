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
    private readonly int _protocol;
    private uint _sequence;

    private NetlinkConnection(NetlinkSocket socket, int protocol)
    {
        _socket = socket;
        _protocol = protocol;
    }

    /// <summary>Handles one reply message; <see cref="NetlinkMessage"/> is only valid during the call.</summary>
    public delegate void ReplyHandler(in NetlinkMessage message);

    /// <summary>Turns one dump message into a result, or null to skip it.</summary>
    public delegate T? DumpParser<T>(in NetlinkMessage message)
        where T : class;

    /// <summary>Opens a socket of <paramref name="protocol"/> in the calling thread's network namespace.</summary>
    public static NetlinkConnection Open(int protocol) => new(NetlinkSocket.Open(protocol), protocol);

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
            try
            {
                while (NetlinkReplies.ProcessAck(operation, Receive(), sequence, _socket.PortId, onReply) == NetlinkReplies.Outcome.NeedMore)
                {
                }
            }
            catch (NetlinkException error) when (NetlinkMetrics.Refused(_protocol, error))
            {
                throw;
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
                try
                {
                    if (DumpOnce(operation, ref request, parse, results))
                    {
                        return results;
                    }
                }
                catch (NetlinkException error) when (NetlinkMetrics.Refused(_protocol, error))
                {
                    throw;
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
            var outcome = NetlinkReplies.ProcessDump(operation, Receive(), sequence, _socket.PortId, parse, results, ref interrupted);
            if (outcome != NetlinkReplies.Outcome.NeedMore)
            {
                return outcome == NetlinkReplies.Outcome.Complete;
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

    private ReadOnlySpan<byte> Receive()
    {
        var length = _socket.Receive(ref _receiveBuffer);
        return _receiveBuffer.AsSpan(0, length);
    }
}
