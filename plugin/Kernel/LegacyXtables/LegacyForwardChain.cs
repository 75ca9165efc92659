using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.LegacyXtables;

/// <summary>
/// The built-in FORWARD chain of a legacy (x_tables) <c>filter</c> table, as iptables-legacy left
/// it: its policy, and the rules that accept by interface alone. A packet must pass every hook it
/// meets, so a DROP here is final whatever csnet's nftables chains accept.
/// </summary>
public sealed record LegacyForwardChain(AddressFamily Family, bool PolicyDrops, IReadOnlyList<LegacyAccept> Accepts)
{
    /// <summary>Whether traffic in and out of <paramref name="interfaceName"/> gets past this chain.</summary>
    public bool Passes(string interfaceName) =>
        !PolicyDrops
        || (Accepts.Any(a => a.AcceptsIn(interfaceName)) && Accepts.Any(a => a.AcceptsOut(interfaceName)));
}
