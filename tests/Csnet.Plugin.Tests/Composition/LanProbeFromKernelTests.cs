using System.Net;
using System.Net.NetworkInformation;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Kernel.Probe;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Tests.Support;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class LanProbeFromKernelTests
{
    private static readonly PhysicalAddress ParentMac = PhysicalAddress.Parse("02-00-00-00-00-E1");
    private readonly FakeRtnl _kernel = new();
    private readonly Mock<INeighbourProbe> _probe = new();

    [Fact]
    public void Probe_UpParent_AsksThatLinkWithItsMac()
    {
        var parent = _kernel.Existing(new OtherLink("") { Name = "eth1", IsUp = true, MacAddress = ParentMac });
        var holder = PhysicalAddress.Parse("02-00-00-00-00-02");
        _probe.Setup(p => p.ProbeAsync(parent.Index, ParentMac, IPAddress.Parse("10.40.1.2"), default)).Returns(ValueTask.FromResult<PhysicalAddress?>(holder));

        Assert.Equal(holder, Probe("eth1", "10.40.1.2"));
    }

    [Fact]
    public void Probe_AddressOfThisHost_AnswersWithThatLinksMacWithoutAProbe()
    {
        _kernel.Existing(new OtherLink("") { Name = "eth1", IsUp = true, MacAddress = ParentMac });
        var shimMac = PhysicalAddress.Parse("02-42-0A-28-01-FA");
        _kernel.Existing(new MacvlanLink { Name = "cshim0123456789", IsUp = true, MacAddress = shimMac });
        _kernel.AddAddress("cshim0123456789", IPAddress.Parse("10.40.1.250"), 32);

        Assert.Equal(shimMac, Probe("eth1", "10.40.1.250"));
        _probe.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Probe_MissingOrDownParent_NobodyCanAnswer(bool exists, bool up)
    {
        if (exists)
            _kernel.Existing(new OtherLink("") { Name = "eth1", IsUp = up, MacAddress = ParentMac });

        Assert.Null(Probe("eth1", "10.40.1.2"));
        _probe.VerifyNoOtherCalls();
    }

    private PhysicalAddress? Probe(string link, string address) =>
        new LanProbeFromKernel(_kernel, _probe.Object).ProbeAsync(link, IPAddress.Parse(address), default).AsTask().GetAwaiter().GetResult();
}
