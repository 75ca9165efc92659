using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>One host-wide check of csnetctl doctor, judged against the networks csnet holds (a setting only matters when a network needs it).</summary>
public interface IHostCheck
{
    IEnumerable<Finding> Check(IReadOnlyList<Network> networks);
}
