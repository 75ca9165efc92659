namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>The nftables families whose iptables-nft <c>filter FORWARD</c> chain csnet may have to open.</summary>
public enum NftFamily
{
    /// <summary>nft family <c>ip</c>: iptables.</summary>
    Ip,

    /// <summary>nft family <c>ip6</c>: ip6tables.</summary>
    Ip6,
}
