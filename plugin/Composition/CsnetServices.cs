using Csnet.Ipam;
using Csnet.Ipam.Endpoints;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Endpoints;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Probe;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.Composition;

/// <summary>The whole object graph: one registration per feature, singletons only.</summary>
public static class CsnetServices
{
    public static IServiceCollection AddCsnet(this IServiceCollection services, CsnetOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);

        // One LiteDatabase per process, shared by the network driver's and the IPAM's stores.
        services.AddSingleton<ILiteDatabase>(_ => new LiteDatabase(new ConnectionString
        {
            Filename = options.DatabasePath,
            Connection = ConnectionType.Direct,
        }));
        services.AddSingleton<StateMigration>();
        services.AddSingleton<SettingsCodecs>();
        services.AddSingleton<INetworkStore, LiteNetworkStore>();
        services.AddSingleton<IEndpointStore, LiteEndpointStore>();

        services.AddSingleton<IRtnl>(_ => RtnlClient.Open());
        services.AddSingleton(new NftablesFirewallOptions
        {
            TagPrefix = OwnershipTag.Prefix,
            OwnedInterfacePrefixes = [InterfaceNames.BridgePrefix],
        });
        services.AddSingleton<IFirewall, NftablesFirewall>();
        services.AddSingleton<ISysctls, ProcSysctls>();
        services.AddSingleton<IHostPorts, HostPorts>();
        services.AddSingleton<PortAllocator>();

        services.AddSingleton<StepRunner>();
        services.AddSingleton<NetworkLocks>();
        services.AddSingleton<FirewallSync>();
        services.AddHostedService<FirewallHealer>();
        services.AddSingleton<INetworkAttachmentListener, PoolOwnersListener>();

        // Modes: each is its driver, its settings codec and its firewall policy.
        services.AddSingleton<INetworkDriver, BridgeDriver>();
        services.AddSingleton<INetworkSettingsCodec, BridgeSettingsCodec>();
        services.AddSingleton<IFirewallContributor, BridgeFirewallPolicy>();
        services.AddSingleton<IUplinkInterfaces, UplinksFromKernel>();
        services.AddSingleton<INetworkDriver, MacvlanDriver>();
        services.AddSingleton<INetworkSettingsCodec, MacvlanSettingsCodec>();
        services.AddSingleton(new ProbeTiming());
        services.AddSingleton<INeighbourProbe, NeighbourProbe>();
        services.AddSingleton<ILanProbe, LanProbeFromKernel>();
        services.AddSingleton<NetworkController>();
        services.AddHostedService<NetworkRestorer>();

        services.AddSingleton<IHostRoutes, HostRoutesFromKernel>();
        services.AddCsnetIpam();
        return services;
    }

    /// <summary>The request pipeline: one error/log middleware around every plugin route.</summary>
    public static WebApplication UseCsnet(this WebApplication app)
    {
        app.UseMiddleware<RequestLogMiddleware>();
        app.MapPluginEndpoints();
        app.MapNetworkDriverEndpoints();
        app.MapIpamEndpoints();
        return app;
    }
}
