using Csnet.Ipam.Allocation;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Csnet.Ipam.Tests;

public class IpamServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCsnetIpam_WithHostServices_PoolOwnersIsTheAllocator()
    {
        using var provider = Build(configure: null);

        Assert.Same(provider.GetRequiredService<IpamAllocator>(), provider.GetRequiredService<IPoolOwners>());
    }

    [Fact]
    public void AddCsnetIpam_Configure_AppliesOptions()
    {
        using var provider = Build(o => o.LocalAddressSpace = "csnet-local");

        Assert.Equal("csnet-local", provider.GetRequiredService<IpamAllocator>().LocalAddressSpace);
    }

    [Fact]
    public void AddCsnetIpam_BadOptions_ValidationListsEveryProblem()
    {
        using var provider = Build(o =>
        {
            o.GlobalAddressSpace = o.LocalAddressSpace;
            o.DefaultPools = [new("10.0.0.0/8", 4), new("nonsense", 16), new("2001:db8::/32", 56), new("fd00::/48", 64)];
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IpamOptions>>().Value);

        // Same spaces; a size above the base; not a prefix; a /32 split into more than 2^16 /56s (fd00::/48 into /64s is fine).
        Assert.Equal(4, error.Failures.Count());
    }

    [Fact]
    public void AddCsnetIpam_BadPoolFromNamedSetting_MessagesNameTheSettingAndThePool()
    {
        using var provider = Build(o =>
        {
            o.DefaultPoolsSetting = "CSNET_DEFAULT_POOLS";
            o.DefaultPools = [new("10.10.0.0/16", 24), new("10.20.0.0/16", 40), new("fd00::/8", 64)];
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IpamOptions>>().Value);

        Assert.Equal(
            [
                "CSNET_DEFAULT_POOLS: pool 2 'base=10.20.0.0/16,size=40': use a size from 16 to 32 for base 10.20.0.0/16",
                "CSNET_DEFAULT_POOLS: pool 3 'base=fd00::/8,size=64': use a size from 8 to 24 for base fd00::/8",
            ],
            error.Failures);
    }

    [Fact]
    public void AddCsnetIpam_EmptyPoolList_Fails()
    {
        using var provider = Build(o => o.DefaultPools = []);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IpamOptions>>().Value);

        Assert.Contains("the list is empty", Assert.Single(error.Failures));
    }

    [Fact]
    public void IpamOptions_Defaults_MatchDockerDefaultPools()
    {
        var options = new IpamOptions();

        Assert.Equal("LocalDefault", options.LocalAddressSpace);
        Assert.Equal("GlobalDefault", options.GlobalAddressSpace);
        Assert.Equal(7, options.DefaultPools.Count);
        Assert.Equal(new IpamDefaultPool("192.168.0.0/16", 20), options.DefaultPools[^1]);
    }

    private static ServiceProvider Build(Action<IpamOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ILiteDatabase>(new LiteDatabase(new MemoryStream()));
        services.AddSingleton(Mock.Of<IHostRoutes>());
        services.AddCsnetIpam(configure);
        return services.BuildServiceProvider();
    }
}
