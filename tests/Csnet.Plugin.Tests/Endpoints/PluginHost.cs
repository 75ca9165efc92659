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

/// <summary>
/// The real HTTP pipeline in memory, with the kernel mocked and the database in memory; or, when
/// asked, on a real state folder and a real Unix socket (what csnetctl talks to).
/// </summary>
public sealed class PluginHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiteDatabase _db = new(new MemoryStream());

    /// <summary>The plugin's database, to look at what requests left in it.</summary>
    public LiteDatabase Database => _db;

    internal FakeRtnl Rtnl { get; }
    public Mock<IFirewall> Firewall { get; } = new();
    public HttpClient Client => _client ?? throw new InvalidOperationException("not started");
    private HttpClient? _client;

    // The temp folder this host made and removes; a folder the test gave is the test's.
    private readonly string? _stateOnDisk;

    private PluginHost(WebApplication app, string? stateOnDisk, string socketPath, FakeRtnl rtnl)
    {
        _app = app;
        Rtnl = rtnl;
        _stateOnDisk = stateOnDisk;
        SocketPath = socketPath;
    }

    /// <summary>The plugin's socket (listened on only when started with <c>unixSocket: true</c>).</summary>
    public string SocketPath { get; }

    /// <summary>Resolves a service of the running plugin.</summary>
    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="onDisk">The plugin's own database file in a temp folder (with its group commit) instead of one in memory.</param>
    /// <param name="stateDir">With <paramref name="onDisk"/>: this folder instead of a new temp one (left in place at dispose).</param>
    /// <param name="unixSocket">Kestrel on &lt;state&gt;/csnet.sock instead of the in-memory test server; <see cref="Client"/> uses the socket.</param>
    public static Task<PluginHost> StartAsync(bool onDisk = false, string? stateDir = null, bool unixSocket = false) =>
        StartAsync(onDisk, stateDir, unixSocket, new FakeRtnl());

    /// <param name="kernel">Another host's fake kernel: a plugin restarted on the same host finds the links the first one made.</param>
    internal static async Task<PluginHost> StartAsync(bool onDisk, string? stateDir, bool unixSocket, FakeRtnl kernel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // One log line per request would dominate the fuzz test's time.
        builder.Logging.ClearProviders();
        var state = stateDir ?? Path.Combine(Path.GetTempPath(), "csnet-test-" + Guid.NewGuid().ToString("N"));
        var socket = Path.Combine(state, "csnet.sock");
        if (unixSocket)
            builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket));
        else
            builder.WebHost.UseTestServer();
        builder.Services.AddCsnet(new CsnetOptions { StateDir = state, SocketPath = socket, DockerSocket = "none" });
        PluginHost? host = null;
        builder.Services.AddSingleton<IRtnl>(_ => host!.Rtnl);
        builder.Services.AddSingleton<IFirewall>(_ => host!.Firewall.Object);
        // Moq's default for a list is null; an IPv6 network enumerates EnableIPv6Forwarding's changes.
        builder.Services.AddSingleton(Mock.Of<ISysctls>(s => s.EnableIPv6Forwarding() == Array.Empty<string>()));
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
        host = new PluginHost(app, stateDir is null && (onDisk || unixSocket) ? state : null, socket, kernel);
        if (unixSocket)
            Directory.CreateDirectory(state);
        await app.StartAsync();
        host._client = unixSocket
            ? new HttpClient(Csnet.Common.Http.UnixSocketHandler.For(socket)) { BaseAddress = new Uri("http://csnet") }
            : app.GetTestClient();
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
        _client?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _db.Dispose();
        if (_stateOnDisk is not null)
            Directory.Delete(_stateOnDisk, recursive: true);
    }
}
