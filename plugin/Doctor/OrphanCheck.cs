using Csnet.Ipam;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// What no record owns: links with csnet's tag whose network or endpoint is gone, and addresses the
/// IPAM holds for a network that no endpoint uses. Reconcile removes both after two sightings; doctor
/// shows them at once, with the command for whoever does not want to wait.
/// </summary>
public sealed class OrphanCheck(IRtnl rtnl, LinkOwnership ownership, IEndpointStore endpoints, IAddressReclaim ipam,
    ReconcileOptions options, TimeProvider time) : IHostCheck
{
    private const string Name = "orphans";

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var links = ownership.Orphans(rtnl.GetLinks());
        if (links.Count > 0)
        {
            yield return Finding.Warning(Name,
                $"{links.Count} link(s) carry csnet's tag but no record owns them: {string.Join(", ", links.Select(l => $"{l.Name} ({l.Kind}, {l.Alias})"))}; reconcile deletes them on its second sighting",
                $"ip link del {links[0].Name}");
        }
        var cutoff = time.GetUtcNow().UtcDateTime - options.Grace;
        var leaked = new List<string>();
        foreach (var network in networks)
        {
            var used = endpoints.ForNetwork(network.Id).SelectMany(e => e.Addresses).Select(a => a.Address)
                .Concat(network.Subnets.SelectMany(s => s.AuxAddresses.Values)).ToHashSet();
            leaked.AddRange(ipam.HeldAddresses(network.Id).Where(h => !used.Contains(h.Address) && h.AllocatedUtc < cutoff)
                .Select(h => $"{h.Address} ({DockerId.Short(network.Id)})"));
        }
        if (leaked.Count > 0)
        {
            yield return Finding.Warning(Name, $"{leaked.Count} address(es) held with no endpoint: {string.Join(", ", leaked.Take(10))}{(leaked.Count > 10 ? ", …" : "")}; reconcile releases them on its second sighting");
        }
        if (links.Count == 0 && leaked.Count == 0)
            yield return Finding.Ok(Name, "no tagged link without a record, no address held without an endpoint");
    }
}
