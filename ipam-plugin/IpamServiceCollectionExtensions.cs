using Csnet.Ipam.Allocation;
using Csnet.Ipam.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Csnet.Ipam;

public static class IpamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the IPAM driver. The host must register a singleton <see cref="LiteDB.ILiteDatabase"/>
    /// (shared; IPAM collections are prefixed <c>ipam_</c>) and a singleton <see cref="IHostRoutes"/>;
    /// an <see cref="ILanProbe"/> registered before this call probes addresses of macvlan pools.
    /// </summary>
    public static IServiceCollection AddCsnetIpam(this IServiceCollection services, Action<IpamOptions>? configure = null)
    {
        var options = services.AddOptions<IpamOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IpamOptions>, IpamOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIpamStore, LiteDbIpamStore>();
        services.TryAddSingleton<ILanProbe, NoLanProbe>();
        services.TryAddSingleton<IpamAllocator>();
        services.TryAddSingleton<IPoolOwners>(sp => sp.GetRequiredService<IpamAllocator>());
        services.TryAddSingleton<IAddressReclaim>(sp => sp.GetRequiredService<IpamAllocator>());
        services.TryAddSingleton<IIpamReport>(sp => sp.GetRequiredService<IpamAllocator>());
        return services;
    }
}
