using Csnet.Plugin.Kernel.Proc;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Proc;

public sealed class ProcSysctlsTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("csnet-proc-").FullName;

    public ProcSysctlsTests()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "sys/net/ipv4/conf/csbr0"));
        File.WriteAllText(Path.Combine(_proc, "sys/net/ipv4/ip_forward"), "0\n");
        File.WriteAllText(Path.Combine(_proc, "sys/net/ipv4/conf/csbr0/route_localnet"), "0\n");
    }

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void EnableIPv4Forwarding_ProcRoot_WritesBelowIt()
    {
        new ProcSysctls(_proc).EnableIPv4Forwarding();

        Assert.Equal("1", File.ReadAllText(Path.Combine(_proc, "sys/net/ipv4/ip_forward")));
    }

    [Fact]
    public void EnableRouteLocalnet_ProcRoot_WritesTheInterfaceSwitch()
    {
        new ProcSysctls(_proc).EnableRouteLocalnet("csbr0");

        Assert.Equal("1", File.ReadAllText(Path.Combine(_proc, "sys/net/ipv4/conf/csbr0/route_localnet")));
    }

    [Fact]
    public void Problem_WritableRoot_Null() => Assert.Null(ProcSysctls.Problem(_proc));

    [Fact]
    public void Problem_NoIpForwardFile_SaysItIsMissing() =>
        Assert.Contains("does not exist", ProcSysctls.Problem(Path.Combine(_proc, "nothing")));
}
