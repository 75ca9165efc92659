using System.Net;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanSettingsCodecTests
{
    [Fact]
    public void WriteRead_EverySetting_RoundTrips()
    {
        var settings = new MacvlanSettings
        {
            Parent = "eth1.10",
            ParentOwner = LinkOwner.Csnet,
            Vlan = ("eth1", 10),
            MacvlanMode = MacvlanMode.Vepa,
            Mtu = 1400,
            ShimName = "cshim4d4d4d4d4d",
            ShimAddresses = [IPAddress.Parse("10.40.1.250"), IPAddress.Parse("fd5c:40:1::fa")],
            Probe = false,
        };
        var codec = new MacvlanSettingsCodec();

        var read = (MacvlanSettings)codec.Read(codec.Write(settings));

        Assert.Equal(settings with { ShimAddresses = [] }, read with { ShimAddresses = [] });
        Assert.Equal(settings.ShimAddresses, read.ShimAddresses);
    }

    [Fact]
    public void Read_OnlyTheParent_Defaults()
    {
        var read = (MacvlanSettings)new MacvlanSettingsCodec().Read(new Dictionary<string, string> { ["Parent"] = "eth1" });

        Assert.Equal(("eth1", LinkOwner.Existing, MacvlanMode.Bridge, true, false), (read.Parent, read.ParentOwner, read.MacvlanMode, read.Probe, read.Placeholder));
        Assert.Null(read.Vlan);
        Assert.Null(read.ShimName);
    }

    [Fact]
    public void Read_NoParent_Throws()
    {
        Assert.Throws<FormatException>(() => new MacvlanSettingsCodec().Read(new Dictionary<string, string>()));
    }
}
