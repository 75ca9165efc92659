namespace Csnet.Plugin.State;

/// <summary>One IPv4 subnet of a network. Pool and Gateway keep Docker's CIDR text ("10.0.0.1/24").</summary>
public sealed record SubnetRecord
{
    public string Pool { get; init; } = "";
    public string? Gateway { get; init; }

    /// <summary>True when csnet put the gateway address on the bridge (so delete takes it off an adopted bridge).</summary>
    public bool GatewayAddressAdded { get; init; }
}
