using Csnet.Plugin.Admin;
using Csnet.Common.Storage;
using Csnet.Ipam;
using Csnet.Ipam.Endpoints;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Doctor;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Endpoints;
using Csnet.Plugin.Kernel.LegacyXtables;
using Csnet.Plugin.Metrics;
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
        services.AddSingleton(_ => StateDatabase.OpenDurable(options.DatabasePath));
        services.AddSingleton<ILiteDatabase>(sp => sp.GetRequiredService<DurableDatabase>().Database);
        services.AddSingleton(sp => sp.GetRequiredService<DurableDatabase>().Commits);
        services.AddSingleton<StateMigration>();
        services.AddSingleton<SettingsCodecs>();
        services.AddSingleton<INetworkStore, LiteNetworkStore>();
        services.AddSingleton<IEndpointStore, LiteEndpointStore>();
        services.AddSingleton<IIntentJournal, LiteIntentJournal>();
        services.AddSingleton<AdminViewBuilder>();
        services.AddSingleton(sp => new MetricsRegistry(sp.GetRequiredService<AdminViewBuilder>));
        // Crash tests only: off unless CSNET_FAULT_EXIT_AT names a point.
        services.AddSingleton(sp => new FaultPoints(Environment.GetEnvironmentVariable("CSNET_FAULT_EXIT_AT"), sp.GetRequiredService<ILogger<FaultPoints>>()));

        services.AddSingleton<IRtnl>(_ => RtnlClient.Open());
        services.AddSingleton(new NftablesFirewallOptions
        {
            TagPrefix = OwnershipTag.Prefix,
            OwnedInterfacePrefixes = [InterfaceNames.BridgePrefix],
        });
        services.AddSingleton<IFirewall, NftablesFirewall>();
        services.AddSingleton<ISysctls>(new ProcSysctls(options.HostProc));
        services.AddSingleton<IHostPorts, HostPorts>();
        services.AddSingleton<PortAllocator>();

        services.AddSingleton<StepRunner>();
        services.AddSingleton<NetworkLocks>();
        services.AddSingleton(sp => new LinkReaper(sp.GetRequiredService<IRtnl>(), sp.GetRequiredService<ILogger<LinkReaper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<LinkReaper>());
        services.AddSingleton<FirewallSync>();
        services.AddHostedService<FirewallHealer>();
        services.AddSingleton<INetworkAttachmentListener, PoolOwnersListener>();

        // Modes: each is its driver, its settings codec and its firewall policy.
        services.AddSingleton<ILegacyXtables, LegacyXtablesReader>();
        services.AddSingleton<BridgeHostCheck>();
        services.AddSingleton<INetworkDriver, BridgeDriver>();
        services.AddSingleton<INetworkSettingsCodec, BridgeSettingsCodec>();
        services.AddSingleton<IFirewallContributor, BridgeFirewallPolicy>();
        services.AddSingleton<UplinksFromKernel>();
        services.AddSingleton<IUplinkInterfaces>(sp => sp.GetRequiredService<UplinksFromKernel>());
        // macvlan has no firewall policy (no NAT, no ports); its LAN probe serves the IPAM.
        services.AddSingleton<INetworkDriver, MacvlanDriver>();
        services.AddSingleton<INetworkSettingsCodec, MacvlanSettingsCodec>();
        services.AddSingleton(new ProbeTiming());
        services.AddSingleton<INeighbourProbe, NeighbourProbe>();
        services.AddSingleton<ILanProbe, LanProbeFromKernel>();
        services.AddSingleton<NetworkController>();
        services.AddSingleton(options.Reconcile);
        services.AddSingleton<IDockerState>(new DockerApiState(options.DockerSocket));
        services.AddSingleton<Reconciler>();
        services.AddSingleton<IReconcileTrigger>(sp => sp.GetRequiredService<Reconciler>());
        services.AddHostedService(sp => sp.GetRequiredService<Reconciler>());
        // Link and route notifications keep the uplinks and the firewall's wanted rules current,
        // and bring a reconcile forward when a csnet bridge is deleted.
        services.AddHostedService(sp => new KernelEventRouter(
            sp.GetRequiredService<UplinksFromKernel>(), sp.GetRequiredService<FirewallSync>(), sp.GetRequiredService<IReconcileTrigger>(),
            () => RtnlEventListener.Open(), sp.GetRequiredService<ILogger<KernelEventRouter>>()));

        // csnetctl doctor: host checks, then each mode's look at its networks.
        services.AddSingleton<LinkOwnership>();
        services.AddSingleton<IHostCheck, ForwardingCheck>();
        services.AddSingleton<IHostCheck, BridgeNetfilterCheck>();
        services.AddSingleton<IHostCheck, ForwardPolicyCheck>();
        services.AddSingleton<IHostCheck, FirewallCheck>();
        services.AddSingleton<IHostCheck, OrphanCheck>();
        services.AddSingleton<IHostCheck, DatabaseCheck>();
        services.AddSingleton<INetworkDiagnosis, BridgeDiagnosis>();
        services.AddSingleton<INetworkDiagnosis, MacvlanDiagnosis>();
        services.AddSingleton<DoctorRun>();

        services.AddSingleton<IHostRoutes, HostRoutesFromKernel>();
        services.AddCsnetIpam(ipam =>
        {
            ipam.DefaultPoolsSetting = CsnetSettings.DefaultPools;
            if (options.DefaultPools is { } pools)
            {
                ipam.DefaultPools = [.. pools];
            }
        });
        return services;
    }

    /// <summary>
    /// The request pipeline: one error/log middleware around every plugin route, and inside it the
    /// one that holds each answer until the request's writes are on disk.
    /// </summary>
    public static WebApplication UseCsnet(this WebApplication app)
    {
        app.UseMetricsOnlyOnTcp();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<DurableAnswerMiddleware>();
        app.MapPluginEndpoints();
        app.MapNetworkDriverEndpoints();
        app.MapIpamEndpoints();
        app.MapAdminEndpoints();
        app.MapMetrics();
        // Created now, not at the first scrape: counts made before it would be lost.
        app.Services.GetRequiredService<MetricsRegistry>();
        return app;
    }
}
