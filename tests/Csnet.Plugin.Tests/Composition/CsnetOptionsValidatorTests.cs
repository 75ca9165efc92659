using Csnet.Plugin.Composition;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class CsnetOptionsValidatorTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("csnet-proc-").FullName;

    public CsnetOptionsValidatorTests()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "sys/net/ipv4"));
        File.WriteAllText(Path.Combine(_proc, "sys/net/ipv4/ip_forward"), "0\n");
    }

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void Validate_WritableProcAndAbsolutePaths_Succeeds()
    {
        var result = new CsnetOptionsValidator().Validate(null, new CsnetOptions { HostProc = _proc, StateDir = "/tmp/csnet-x" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_RelativePaths_NameEachVariable()
    {
        var result = new CsnetOptionsValidator().Validate(null, new CsnetOptions { SocketPath = "csnet.sock", StateDir = "state", HostProc = "proc" });

        Assert.Equal(["CSNET_SOCKET", "CSNET_STATE_DIR", "CSNET_HOST_PROC"], result.Failures!.Select(f => f.Split(' ')[0]));
    }

    [Fact]
    public void Validate_ProcWithoutIpForward_NamesHostProc()
    {
        var result = new CsnetOptionsValidator().Validate(null, new CsnetOptions { HostProc = Path.Combine(_proc, "missing") });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("CSNET_HOST_PROC '", failure);
        Assert.Contains("does not exist", failure);
    }

    [Fact]
    public void Validate_StateDirIsAFile_Fails()
    {
        var file = Path.Combine(_proc, "sys/net/ipv4/ip_forward");

        var result = new CsnetOptionsValidator().Validate(null, new CsnetOptions { HostProc = _proc, StateDir = file });

        Assert.StartsWith("CSNET_STATE_DIR '", Assert.Single(result.Failures!));
    }
}
