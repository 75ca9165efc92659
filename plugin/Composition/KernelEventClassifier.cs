using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Decides what a link or route notification means for csnet. Pure: the uplinks it may concern
/// come in as a predicate.
/// </summary>
public static class KernelEventClassifier
{
    /// <param name="concernsUplinks">Whether a change to this ifindex can change the uplinks (<see cref="UplinksFromKernel.Concerns"/>).</param>
    public static KernelChange Classify(RtnlEvent change, Func<int, bool> concernsUplinks) => change switch
    {
        // Only default routes reach here (the parser drops prefixes from the header).
        DefaultRouteEvent => KernelChange.Uplinks,
        LinkEvent link => (concernsUplinks(link.Link.Index) ? KernelChange.Uplinks : KernelChange.None)
            | (link.Deleted && IsNetworkTag(link.Link.Alias) ? KernelChange.Reconcile : KernelChange.None),
        EventsLostEvent => KernelChange.Uplinks | KernelChange.Reconcile,
        _ => KernelChange.None,
    };

    // A network's own tag ("csnet:<network>", its bridge), not an endpoint's ("csnet:<network>/<endpoint>"):
    // every container removal deletes a veth, and a lost veth cannot be rebuilt anyway, while a
    // lost bridge cuts off every container on it until the pass rebuilds it.
    private static bool IsNetworkTag(string? alias) =>
        alias is not null && alias.StartsWith(OwnershipTag.Prefix, StringComparison.Ordinal) && !alias.Contains('/', StringComparison.Ordinal);
}
