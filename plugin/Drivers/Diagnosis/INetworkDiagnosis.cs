using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Diagnosis;

/// <summary>
/// A mode's own checks of one of its networks as the kernel holds it now (its bridge or parent, their
/// state and MTU, the endpoints' links), registered per mode like its driver. Reads only: it
/// explains, and reconcile or the user repairs.
/// </summary>
public interface INetworkDiagnosis
{
    string Mode { get; }

    IEnumerable<Finding> Check(Network network, IReadOnlyList<Endpoint> endpoints);
}
