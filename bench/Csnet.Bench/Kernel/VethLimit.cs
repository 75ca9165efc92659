using System.Diagnostics;
using Csnet.Plugin.Kernel.Netns;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Bench.Kernel;

/// <summary>
/// What the kernel itself allows, measured with csnet's own netlink layer in a tight loop inside a
/// throwaway namespace: veth pairs created on a bridge and up in one request, the same with csnet's
/// ownership tag (a second request), deleted one by one, and deleted as one interface group.
/// </summary>
public static class VethLimit
{
    public sealed record Result(int Pairs, double CreateMsPerPair, double CreateTaggedMsPerPair, double DeleteSinglyMsPerPair, double RetireMsPerPair, double DeleteGroupMsPerPair, double CyclesPerSecondSingly, double CyclesPerSecondGrouped);

    public static Result Run(int pairs)
    {
        using var ns = NetworkNamespace.CreateAnonymous();
        using var rtnl = RtnlClient.Open(ns);
        rtnl.AddLink(new BridgeLink { Name = "benchbr", IsUp = true });
        var bridge = rtnl.TryGetLink("benchbr")!.Index;

        var create = Time(() => CreateAll(rtnl, bridge, pairs, tagged: false, group: null));
        var deleteSingly = Time(() =>
        {
            for (var i = 0; i < pairs; i++)
            {
                rtnl.TryDeleteLink(Name(i));
            }
        });

        var createTagged = Time(() => CreateAll(rtnl, bridge, pairs, tagged: true, group: null));
        // What csnet's DeleteEndpoint pays: one move into the pending group; the group goes at once later.
        var retire = Time(() =>
        {
            for (var i = 0; i < pairs; i++)
            {
                rtnl.TrySetLinkGroup(Name(i), 7);
            }
        });
        var deleteGroup = Time(() => rtnl.DeleteLinkGroup(7));

        return new Result(
            pairs,
            create / pairs,
            createTagged / pairs,
            deleteSingly / pairs,
            retire / pairs,
            deleteGroup / pairs,
            1000 / (create / pairs + deleteSingly / pairs),
            1000 / ((createTagged + retire + deleteGroup) / pairs));
    }

    private static void CreateAll(RtnlClient rtnl, int bridge, int pairs, bool tagged, uint? group)
    {
        for (var i = 0; i < pairs; i++)
        {
            rtnl.AddLink(new VethLink
            {
                Name = Name(i),
                PeerName = Name(i) + "p",
                MasterIndex = bridge,
                IsUp = true,
                Alias = tagged ? $"csnet:bench/{i}" : null,
                Group = group,
            });
        }
    }

    private static string Name(int i) => $"bv{i}";

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }
}
