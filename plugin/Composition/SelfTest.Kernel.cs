using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Netns;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

public static partial class SelfTest
{
    private const int EOPNOTSUPP = 95;

    /// <summary>
    /// Adds one link of every registered kind with kind-specific settings and reads them back: the
    /// codecs write IFLA_INFO_DATA and decode it, so a codec missing from the build shows up as an
    /// <see cref="OtherLink"/> or a lost setting. The namespace, and every link in it, goes with the handle.
    /// </summary>
    private static IReadOnlyList<string> LinkRoundTrip()
    {
        using var ns = NetworkNamespace.CreateAnonymous();
        using var rtnl = RtnlClient.Open(ns);
        var mismatches = new List<string>();

        bool? vlanFiltering = true;
        try
        {
            rtnl.AddLink(new BridgeLink { Name = "csst-br", Mtu = 1400, VlanFiltering = vlanFiltering });
        }
        catch (NetlinkException e) when (e.Errno == EOPNOTSUPP)
        {
            // A kernel built without CONFIG_BRIDGE_VLAN_FILTERING refuses the attribute; the bridge
            // codec is still checked by what it decodes.
            vlanFiltering = null;
            rtnl.AddLink(new BridgeLink { Name = "csst-br", Mtu = 1400 });
        }
        rtnl.AddLink(new VethLink { Name = "csst-veth0", PeerName = "csst-veth1", Mtu = 1450 });
        var parent = rtnl.TryGetLink("csst-veth0");
        var peer = rtnl.TryGetLink("csst-veth1");
        if (parent is null || peer is null)
        {
            return ["the veth pair csst-veth0/csst-veth1 is not there after AddLink"];
        }
        rtnl.AddLink(new MacvlanLink { Name = "csst-mv", ParentIndex = parent.Index, Mode = MacvlanMode.Bridge });
        // Kinds the running kernel lacks (no 8021q module, as on some hosts): nothing to round-trip,
        // and nothing wrong with the build; csnet refuses a VLAN parent there at network create.
        var lacking = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            rtnl.AddLink(new VlanLink { Name = "csst-veth0.10", ParentIndex = parent.Index, VlanId = 10 });
        }
        catch (NetlinkException e) when (e.Errno == EOPNOTSUPP)
        {
            lacking.Add("vlan");
        }

        var bridge = rtnl.TryGetLink("csst-br") as BridgeLink;
        Expect(mismatches, "bridge read back as BridgeLink", true, bridge is not null);
        if (vlanFiltering is not null)
        {
            Expect(mismatches, "BridgeLink.VlanFiltering", vlanFiltering, bridge?.VlanFiltering);
        }
        Expect(mismatches, "BridgeLink.Mtu", 1400, bridge?.Mtu);

        var veth = parent as VethLink;
        Expect(mismatches, "veth read back as VethLink", true, veth is not null);
        Expect(mismatches, "VethLink.PeerIndex", peer.Index, veth?.PeerIndex);
        Expect(mismatches, "VethLink.Mtu (peer)", 1450, peer.Mtu);

        var macvlan = rtnl.TryGetLink("csst-mv") as MacvlanLink;
        Expect(mismatches, "macvlan read back as MacvlanLink", true, macvlan is not null);
        Expect(mismatches, "MacvlanLink.ParentIndex", parent.Index, macvlan?.ParentIndex);
        Expect(mismatches, "MacvlanLink.Mode", MacvlanMode.Bridge, macvlan?.Mode);

        if (!lacking.Contains("vlan"))
        {
            var vlan = rtnl.TryGetLink("csst-veth0.10") as VlanLink;
            Expect(mismatches, "vlan read back as VlanLink", true, vlan is not null);
            Expect(mismatches, "VlanLink.ParentIndex", parent.Index, vlan?.ParentIndex);
            Expect(mismatches, "VlanLink.VlanId", 10, vlan?.VlanId);
        }

        // A kind registered later must be added above too, or this says which one is untested.
        var covered = rtnl.GetLinks().Select(link => link.Kind).Concat(lacking).ToHashSet();
        foreach (var codec in LinkKindCodec.Registered.Where(codec => !covered.Contains(codec.Kind)))
        {
            mismatches.Add($"link kind {codec.Kind} is registered but the self test adds no {codec.Kind} link");
        }
        return mismatches;
    }

    /// <summary>libnftables and the libraries it loads (libnftnl, libmnl, libjansson…): one transaction and a JSON listing.</summary>
    private static IReadOnlyList<string> NftablesRoundTrip()
    {
        using var ns = NetworkNamespace.CreateAnonymous();
        return ns.Run<IReadOnlyList<string>>(() =>
        {
            using var nft = NftContext.Open();
            nft.Run(
                "add table inet csnet_selftest\n" +
                "add chain inet csnet_selftest probe\n" +
                "add rule inet csnet_selftest probe counter comment \"csnet:selftest\"",
                "apply the self-test table");
            var listing = nft.Run("list table inet csnet_selftest", "list the self-test table", json: true);
            return listing.Contains("csnet:selftest", StringComparison.Ordinal) ? [] : ["the JSON listing lacks the rule: " + listing];
        });
    }
}
