using System.Net;
using System.Text;
using System.Text.Json;
using Csnet.Ipam.Endpoints;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Csnet.Ipam.Tests.Support;

/// <summary>
/// A <see cref="WebApplication"/> (never started) with the IPAM registered and mapped. Requests run
/// the mapped endpoint's own delegate on a <see cref="DefaultHttpContext"/>, as Kestrel would.
/// </summary>
internal sealed class EndpointHarness : IAsyncDisposable
{
    private readonly LiteDatabase _database = new(new MemoryStream());

    public EndpointHarness(Func<IReadOnlyList<(IPAddress, int)>>? hostPrefixes = null)
    {
        HostRoutes.Setup(h => h.GetHostPrefixes()).Returns(hostPrefixes ?? (() => []));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<ILiteDatabase>(_database);
        builder.Services.AddSingleton(HostRoutes.Object);
        builder.Services.AddCsnetIpam();
        App = builder.Build();
        App.MapIpamEndpoints();
    }

    public Mock<IHostRoutes> HostRoutes { get; } = new();

    public WebApplication App { get; }

    public IReadOnlyList<RouteEndpoint> Endpoints =>
        ((IEndpointRouteBuilder)App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();

    public DefaultHttpContext NewContext(string path, string? body)
    {
        var context = new DefaultHttpContext { RequestServices = App.Services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = path;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Posts through the mapped route; returns the status and the parsed JSON answer.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string? body)
    {
        var endpoint = Endpoints.Single(e => e.RoutePattern.RawText == path);
        var context = NewContext(path, body);
        await endpoint.RequestDelegate!(context);
        return Read(context);
    }

    public static (int Status, JsonElement Body) Read(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var document = JsonDocument.Parse(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _database.Dispose();
    }
}
