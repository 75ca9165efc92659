using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.LegacyXtables;

/// <summary>The legacy x_tables filter table of the calling thread's network namespace.</summary>
public interface ILegacyXtables
{
    /// <summary>
    /// Its FORWARD chain for <paramref name="family"/>, or null when no legacy filter table is
    /// registered (the host uses iptables-nft, or no iptables at all).
    /// </summary>
    LegacyForwardChain? Forward(AddressFamily family);
}
