namespace Csnet.Plugin.Admin;

// What csnet's read-only admin routes answer (and csnetctl prints): plain values, no model types,
// so the JSON a script reads does not change when the model does.

/// <summary>
/// A network as `csnetctl ls` lists it. <see cref="Name"/> is Docker's, which the plugin never learns:
/// csnetctl fills it in from the Docker API (null when Docker cannot be asked).
/// </summary>
public sealed record NetworkView(
    string Id,
    string Mode,
    bool Internal,
    [property: System.Text.Json.Serialization.JsonPropertyName("ipv6")] bool IPv6,
    IReadOnlyList<SubnetView> Subnets,
    string? HostLink,
    int Endpoints,
    IReadOnlyList<PoolView> Pools,
    string? Name = null);

public sealed record SubnetView(string Subnet, string? Gateway);

/// <summary>A pool the IPAM holds: addresses used of those usable, and the widest free run.</summary>
public sealed record PoolView(string Id, string AddressSpace, string Pool, string? SubPool, string? NetworkId, UInt128 Used, UInt128 Usable, string? LargestFree);

/// <summary>A network with its endpoints, as `csnetctl inspect` shows it.</summary>
public sealed record NetworkDetailView(NetworkView Network, IReadOnlyList<EndpointView> Endpoints);

public sealed record EndpointView(
    string Id,
    IReadOnlyList<string> Addresses,
    string? MacAddress,
    string? HostLink,
    string? ContainerLink,
    string? Sandbox,
    IReadOnlyList<PortView> Ports);

/// <summary>A published port: what `docker port` cannot show for a remote driver.</summary>
public sealed record PortView(string Protocol, string HostIp, int HostPort, int ContainerPort);

/// <summary>What csnetctl doctor prints: the plugin's version and every finding.</summary>
public sealed record DoctorView(string Version, IReadOnlyList<FindingView> Findings);

/// <summary>Severity is "ok", "warning" or "problem".</summary>
public sealed record FindingView(string Check, string Severity, string Detail, string? Fix);

/// <summary>Every failure of an admin route: what was wrong, in one sentence.</summary>
public sealed record AdminError(string Err);
