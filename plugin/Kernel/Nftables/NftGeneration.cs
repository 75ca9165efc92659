using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// The nf_tables ruleset generation (NFT_MSG_GETGEN over NETLINK_NETFILTER). The kernel bumps it
/// on every committed change by anyone (nft, iptables-nft, dockerd), so an unchanged generation
/// proves the ruleset is as last verified without listing it: the idle check costs one small
/// netlink round trip instead of several JSON listings.
/// </summary>
public sealed class NftGeneration : IDisposable
{
    private const ushort NFNL_SUBSYS_NFTABLES = 10;
    private const ushort NFT_MSG_NEWGEN = 15;
    private const ushort NFT_MSG_GETGEN = 16;
    private const ushort NFTA_GEN_ID = 1;

    private readonly NetlinkConnection _connection = NetlinkConnection.Open(NetlinkSocket.NETLINK_NETFILTER);

    /// <summary>struct nfgenmsg (linux/netfilter/nfnetlink.h); res_id is big-endian, 0 here.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NfGenMessage
    {
        public byte Family;
        public byte Version;
        public ushort ResourceId;
    }

    public uint Read()
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETGEN, 0);
            writer.WriteFixed(new NfGenMessage());
            writer.EndMessage();
            uint? id = null;
            _connection.Execute("read nf_tables generation", ref writer, (in NetlinkMessage message) =>
            {
                if (message.Header.Type == (NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWGEN))
                    id = Parse(message.Payload);
            });
            return id ?? throw new NetlinkFormatException("the kernel answered NFT_MSG_GETGEN without a generation");
        }
        finally
        {
            writer.Dispose();
        }
    }

    internal static uint? Parse(ReadOnlySpan<byte> payload)
    {
        NetlinkMessageReader.ReadFixed<NfGenMessage>(payload, out var attributes);
        foreach (var (type, value) in new AttributeReader(attributes))
        {
            if (type == NFTA_GEN_ID && value.Length >= 4)
                return BinaryPrimitives.ReadUInt32BigEndian(value);
        }
        return null;
    }

    public void Dispose() => _connection.Dispose();
}
