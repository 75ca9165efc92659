using Csnet.Plugin.Errors;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// What every mode requires of a network's subnets, checked before any mode looks at them (no side
/// effects): each gateway and aux address inside its own subnet, no two subnets overlapping, no
/// two gateways on one address.
/// </summary>
public static class SubnetRules
{
    public static void Validate(NetworkSpec spec)
    {
        var problems = new List<string>();
        foreach (var subnet in spec.Subnets)
        {
            if (subnet.Gateway is { } gateway && !subnet.Pool.Contains(gateway.Address))
                problems.Add($"gateway {gateway.Address} is outside its subnet {subnet.Pool}; choose a --gateway inside {subnet.Pool}");
            foreach (var (name, aux) in subnet.AuxAddresses.Where(a => !subnet.Pool.Contains(a.Value)))
                problems.Add($"aux address {name}={aux} is outside its subnet {subnet.Pool}; choose an --aux-address inside it");
        }
        for (var i = 0; i < spec.Subnets.Count; i++)
        {
            for (var j = i + 1; j < spec.Subnets.Count; j++)
            {
                var (a, b) = (spec.Subnets[i], spec.Subnets[j]);
                if (a.Pool.Overlaps(b.Pool))
                    problems.Add($"subnets {a.Pool} and {b.Pool} overlap; give each --subnet its own range");
                else if (a.Gateway is { } ga && b.Gateway is { } gb && ga.Address.Equals(gb.Address))
                    problems.Add($"subnets {a.Pool} and {b.Pool} have the same gateway {ga.Address}; give each its own --gateway");
            }
        }
        if (problems.Count > 0)
            throw new CsnetException(ErrorKind.InvalidRequest, string.Join("; ", problems));
    }
}
