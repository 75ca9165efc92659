using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Netns;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// <see cref="IRtnl"/> over one NETLINK_ROUTE socket, bound for its whole life to the namespace
/// it was opened in. Thread-safe: each request/reply exchange holds the connection's lock.
/// </summary>
public sealed partial class RtnlClient : IRtnl
{
    private const int ENODEV = 19;

    private readonly NetlinkConnection _connection;

    private RtnlClient(NetlinkConnection connection)
    {
        _connection = connection;
    }

    private delegate void RequestBuilder(ref NetlinkWriter writer);

    /// <summary>
    /// Opens a client for <paramref name="ns"/>, or for the caller's current namespace when null.
    /// The socket is created on a dedicated thread inside <paramref name="ns"/>, which then switches
    /// back; the socket keeps working on that namespace from any thread.
    /// </summary>
    public static RtnlClient Open(NetworkNamespace? ns = null)
    {
        var connection = ns is null
            ? NetlinkConnection.Open(NetlinkSocket.NETLINK_ROUTE)
            : ns.Run(() => NetlinkConnection.Open(NetlinkSocket.NETLINK_ROUTE));
        return new RtnlClient(connection);
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string operation, ushort type, ushort flags, RequestBuilder build, NetlinkConnection.ReplyHandler? onReply = null)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(type, flags);
            build(ref writer);
            writer.EndMessage();
            _connection.Execute(operation, ref writer, onReply);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private List<T> Dump<T>(string operation, ushort type, RequestBuilder build, NetlinkConnection.DumpParser<T> parse)
        where T : class
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(type, 0);
            build(ref writer);
            writer.EndMessage();
            return _connection.Dump(operation, ref writer, parse);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
