using Csnet.Plugin.Ctl;
using Xunit;

namespace Csnet.Plugin.Tests.Admin;

/// <summary>How csnetctl reads a network reference, the docker CLI's way: a whole name, a unique name prefix, else an id prefix.</summary>
public sealed class DockerNamesTests
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["4b1c0000aa"] = "web",
        ["4b1c0000bb"] = "web-db",
        ["7e000000cc"] = "lan",
        ["9f000000dd"] = "4b1cnet",
    };

    [Theory]
    [InlineData("web", "4b1c0000aa")]
    [InlineData("web-", "4b1c0000bb")]
    [InlineData("la", "7e000000cc")]
    [InlineData("we", null)]
    [InlineData("4b1c", null)]
    [InlineData("nothing", null)]
    public void Resolve_NameThenUniqueNamePrefix_ElseLeftToTheIdPrefix(string reference, string? expected) =>
        Assert.Equal(expected, DockerNames.Resolve(Names, reference));

    [Fact]
    public void Resolve_WithoutDocker_LeavesEverythingToTheIdPrefix() =>
        Assert.Null(DockerNames.Resolve(null, "web"));

    [Theory]
    [InlineData("unix:///tmp/d.sock", null, "/tmp/d.sock")]
    [InlineData("tcp://1.2.3.4:2375", "/run/x.sock", "/run/x.sock")]
    [InlineData(null, null, "/var/run/docker.sock")]
    public void DefaultSocket_DockerHostThenCsnetSetting(string? dockerHost, string? csnet, string expected) =>
        Assert.Equal(expected, DockerNames.DefaultSocket(k => k == "DOCKER_HOST" ? dockerHost : k == "CSNET_DOCKER_SOCKET" ? csnet : null));

    [Fact]
    public async Task ReadAsync_NoSocket_NoNames() =>
        Assert.Null(await DockerNames.ReadAsync("/nonexistent/docker.sock", default));
}
