using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// The single entry point for the NetworkDriver API: picks the driver by the network's mode,
/// serialises work per network, resolves IDs from the store (never from the Docker API), and
/// answers success for deletes of unknown IDs, which the daemon sends after crashes.
/// </summary>
public sealed class NetworkController(
    IEnumerable<INetworkDriver> drivers,
    INetworkStore networks,
    IEndpointStore endpoints,
    NetworkLocks locks,
    INetworkAttachmentListener? attachments = null)
{
    public const string ModeOption = "mode";
    private const string DefaultMode = "bridge";
    private readonly IReadOnlyDictionary<string, INetworkDriver> _drivers = drivers.ToDictionary(d => d.Mode);

    public (bool IPv4, bool IPv6) SkipGatewayAllocation(IReadOnlyDictionary<string, string> options) =>
        DriverFor(options).SkipGatewayAllocation(options);

    public async Task CreateNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken)
    {
        var driver = DriverFor(spec.Options);
        SubnetRules.Validate(spec);
        using var _ = await locks.AcquireAsync(spec.NetworkId, cancellationToken);
        if (networks.Find(spec.NetworkId) is not null)
            return;
        var network = driver.CreateNetwork(spec, cancellationToken);
        attachments?.NetworkCreated(network);
    }

    public async Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(networkId, cancellationToken);
        if (networks.Find(networkId) is not { } network)
            return;
        DriverOf(network).DeleteNetwork(network);
    }

    public async Task<EndpointResult> CreateEndpointAsync(EndpointSpec spec, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(spec.NetworkId, cancellationToken);
        var network = RequireNetwork(spec.NetworkId);
        return DriverOf(network).CreateEndpoint(network, spec, cancellationToken);
    }

    public async Task DeleteEndpointAsync(string networkId, string endpointId, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(networkId, cancellationToken);
        if (endpoints.Find(endpointId) is not { } endpoint)
            return;
        if (networks.Find(endpoint.NetworkId) is not { } network)
        {
            endpoints.Delete(endpointId);
            return;
        }
        DriverOf(network).DeleteEndpoint(network, endpoint);
    }

    public JoinResult Join(string networkId, string endpointId, string? sandboxKey)
    {
        var (network, _) = RequireEndpoint(networkId, endpointId);
        var joined = endpoints.Join(endpointId, sandboxKey)
            ?? throw CsnetException.NotFound($"endpoint {DockerId.Short(endpointId)} was deleted while joining network {DockerId.Short(networkId)}");
        return DriverOf(network).Join(network, joined);
    }

    public void Leave(string networkId, string endpointId)
    {
        if (Find(networkId, endpointId) is not null)
            endpoints.Leave(endpointId);
    }

    public void ProgramExternalConnectivity(string networkId, string endpointId, IReadOnlyList<PortRequest> ports)
    {
        var (network, endpoint) = RequireEndpoint(networkId, endpointId);
        DriverOf(network).ProgramExternalConnectivity(network, endpoint, ports);
    }

    public void RevokeExternalConnectivity(string networkId, string endpointId)
    {
        if (Find(networkId, endpointId) is var (network, endpoint))
            DriverOf(network).RevokeExternalConnectivity(network, endpoint);
    }

    /// <summary>
    /// One reconcile of a stored network under its lock (see <see cref="INetworkDriver.Reconcile"/>);
    /// empty when the network is gone meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<StaleEndpoint>> ReconcileAsync(string networkId, ReconcileContext context, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(networkId, cancellationToken);
        return networks.Find(networkId) is { } network ? DriverOf(network).Reconcile(network, context) : [];
    }

    /// <summary>Finishes or undoes a change a crash cut short, by its mode, under its network's lock.</summary>
    public async Task RecoverAsync(Intent intent, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(intent.NetworkId, cancellationToken);
        if (_drivers.TryGetValue(intent.Mode, out var driver))
            driver.Recover(intent);
    }

    private INetworkDriver DriverFor(IReadOnlyDictionary<string, string> options)
    {
        var mode = options.TryGetValue(ModeOption, out var value) && value.Length > 0 ? value : DefaultMode;
        if (_drivers.TryGetValue(mode, out var driver))
            return driver;
        throw CsnetException.InvalidOption(
            $"option mode: '{mode}' is not a csnet mode; use one of {string.Join(", ", _drivers.Keys.Order())}");
    }

    private INetworkDriver DriverOf(Network network) =>
        _drivers.TryGetValue(network.Mode, out var driver)
            ? driver
            : throw CsnetException.NotSupported($"network {DockerId.Short(network.Id)} uses mode {network.Mode}, which this csnet build does not have");

    private Network RequireNetwork(string networkId) =>
        networks.Find(networkId)
        ?? throw CsnetException.NotFound($"network {DockerId.Short(networkId)} is not known to csnet; was it created with -d csnet?");

    private (Network, Endpoint) RequireEndpoint(string networkId, string endpointId)
    {
        var network = RequireNetwork(networkId);
        var endpoint = endpoints.Find(endpointId)
            ?? throw CsnetException.NotFound($"endpoint {DockerId.Short(endpointId)} is not known to csnet on network {DockerId.Short(networkId)}");
        return (network, endpoint);
    }

    private (Network, Endpoint)? Find(string networkId, string endpointId) =>
        networks.Find(networkId) is { } network && endpoints.Find(endpointId) is { } endpoint ? (network, endpoint) : null;
}
