using System.Net.NetworkInformation;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Model;

/// <summary>An endpoint (one container on one network): its addresses, MAC, the kernel links it owns and its published ports.</summary>
public sealed record Endpoint
{
    public required string Id { get; init; }
    public required string NetworkId { get; init; }

    /// <summary>At most one per family, as the daemon configures them in the container.</summary>
    public IReadOnlyList<CidrAddress> Addresses { get; init; } = [];

    public PhysicalAddress? MacAddress { get; init; }

    /// <summary>The links csnet made for the endpoint; DeleteEndpoint removes exactly these.</summary>
    public IReadOnlyList<EndpointLink> Links { get; init; } = [];

    /// <summary>The container's namespace while joined (Join), null after Leave.</summary>
    public string? SandboxKey { get; init; }

    /// <summary>Host ports published for this endpoint (ProgramExternalConnectivity), as allocated.</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    /// <summary>The store's revision of this record; compare-and-swap writes name the one they read.</summary>
    public long Revision { get; init; }

    public CidrAddress? AddressOf(AddressFamily family) =>
        Addresses.Select(a => (CidrAddress?)a).FirstOrDefault(a => a!.Value.Family == family);

    /// <summary>The name of the link with <paramref name="role"/>, or null.</summary>
    public string? LinkName(LinkRole role) => Links.FirstOrDefault(l => l.Role == role)?.Name;
}
