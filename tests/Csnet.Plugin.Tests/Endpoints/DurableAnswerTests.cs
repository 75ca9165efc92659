using Csnet.Common.Storage;
using Xunit;

namespace Csnet.Plugin.Tests.Endpoints;

/// <summary>The plugin's answers wait for their writes to be flushed to disk, and only answers that wrote.</summary>
public sealed class DurableAnswerTests
{
    [Fact]
    public async Task AnAnswerThatWroteIsFlushedFirstAndOneThatReadIsNot()
    {
        await using var host = await PluginHost.StartAsync(onDisk: true);
        var commits = host.Service<GroupCommit>();

        var (status, body) = await host.PostAsync("/IpamDriver.RequestPool", """{"AddressSpace":"LocalDefault","Pool":"10.77.0.0/24"}""");
        Assert.True(status == 200, body);
        Assert.Contains("10.77.0.0/24", body);
        var afterWrite = commits.Flushes;

        await host.PostAsync("/IpamDriver.GetCapabilities");
        await host.PostAsync("/Plugin.Activate");

        Assert.True(afterWrite >= 1, "the pool was answered before any flush of the database");
        Assert.Equal(afterWrite, commits.Flushes);
    }
}
