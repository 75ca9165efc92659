using Csnet.Common.Storage;
using System.Text;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Csnet.Plugin.Tests.Support;
using Microsoft.Extensions.Logging;
using Moq;

namespace Csnet.Plugin.Tests.Endpoints;

/// <summary>The real HTTP pipeline in memory, with the kernel mocked and the database in memory.</summary>
public sealed class PluginHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiteDatabase _db = new(new MemoryStream());

    /// <summary>The plugin's database, to look at what requests left in it.</summary>
    public LiteDatabase Database => _db;

    internal FakeRtnl Rtnl { get; } = new();
    public Mock<IFirewall> Firewall { get; } = new();
    public HttpClient Client => _client ?? throw new InvalidOperationException("not started");
    private HttpClient? _client;

    private readonly string? _stateOnDisk;

    private PluginHost(WebApplication app, string? stateOnDisk)
    {
        _app = app;
        _stateOnDisk = stateOnDisk;
    }

    /// <summary>Resolves a service of the running plugin.</summary>
    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="onDisk">The plugin's own database file in a temp folder (with its group commit) instead of one in memory.</param>
    public static async Task<PluginHost> StartAsync(bool onDisk = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // One log line per request would dominate the fuzz test's time.
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var state = Path.Combine(Path.GetTempPath(), "csnet-test-" + Guid.NewGuid().ToString("N"));
        builder.Services.AddCsnet(new CsnetOptions { StateDir = state, SocketPath = Path.Combine(state, "csnet.sock"), DockerSocket = "none" });
        PluginHost? host = null;
        builder.Services.AddSingleton<IRtnl>(_ => host!.Rtnl);
        builder.Services.AddSingleton<IFirewall>(_ => host!.Firewall.Object);
        builder.Services.AddSingleton<ISysctls>(Mock.Of<ISysctls>());
        if (onDisk)
        {
            Directory.CreateDirectory(state);
        }
        else
        {
            builder.Services.AddSingleton<ILiteDatabase>(_ => host!._db);
            // An in-memory database has nothing to flush: its writes carry no receipt, so answers never wait.
            builder.Services.AddSingleton(new GroupCommit(Path.Combine(state, "csnet.db"), () => 0));
        }
        var app = builder.Build();
        app.UseCsnet();
        host = new PluginHost(app, onDisk ? state : null);
        await app.StartAsync();
        host._client = app.GetTestClient();
        return host;
    }

    /// <summary>POST like dockerd: no Content-Type, the body as given (possibly empty).</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, string body = "")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _db.Dispose();
        if (_stateOnDisk is not null)
            Directory.Delete(_stateOnDisk, recursive: true);
    }
}
