using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// csnetctl doctor's checks, run in the plugin (it sees the host's namespaces and firewall as csnet
/// does, and holds the database): the host checks first, then each network by its mode. A check that
/// throws becomes a problem naming it, so one broken check does not hide the others.
/// </summary>
public sealed class DoctorRun(IEnumerable<IHostCheck> hostChecks, IEnumerable<INetworkDiagnosis> modes, INetworkStore networks, IEndpointStore endpoints)
{
    public IReadOnlyList<Finding> Run()
    {
        var all = networks.All().OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        var findings = new List<Finding>();
        foreach (var check in hostChecks)
            findings.AddRange(Safely(check.GetType().Name, () => check.Check(all)));
        var byMode = modes.ToDictionary(m => m.Mode, StringComparer.Ordinal);
        foreach (var network in all)
        {
            if (byMode.TryGetValue(network.Mode, out var mode))
                findings.AddRange(Safely($"network {DockerId.Short(network.Id)}", () => mode.Check(network, endpoints.ForNetwork(network.Id))));
        }
        return findings;
    }

    private static IEnumerable<Finding> Safely(string name, Func<IEnumerable<Finding>> check)
    {
        try
        {
            return check().ToList();
        }
        catch (Exception error)
        {
            return [Finding.Problem(name, $"the check itself failed: {error.Message}", "see the plugin log; run csnetctl doctor again")];
        }
    }
}
