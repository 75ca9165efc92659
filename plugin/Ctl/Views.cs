using System.Globalization;
using Csnet.Plugin.Admin;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Ctl;

/// <summary>The human form of each admin view (the --json form is the plugin's own answer, unchanged).</summary>
public static class Views
{
    public static string Networks(IReadOnlyList<NetworkView> networks)
    {
        if (networks.Count == 0)
            return "no csnet networks\n";
        var table = new TextTable("NETWORK", "NAME", "MODE", "SUBNETS", "LINK", "ENDPOINTS", "ADDRESSES USED");
        foreach (var n in networks)
        {
            var mode = n.Internal ? $"{n.Mode} (internal)" : n.Mode;
            table.Add(DockerId.Short(n.Id), n.Name, mode, string.Join(" ", n.Subnets.Select(s => s.Subnet)), n.HostLink,
                n.Endpoints.ToString(CultureInfo.InvariantCulture), string.Join(" ", n.Pools.Select(Usage)));
        }

        return table.ToString();
    }

    public static string Network(NetworkDetailView detail)
    {
        var n = detail.Network;
        var lines = new List<string>
        {
            $"network   {n.Id}",
            $"name      {n.Name ?? "-"}",
            $"mode      {n.Mode}{(n.Internal ? ", internal" : "")}{(n.IPv6 ? ", IPv6" : "")}",
            $"link      {n.HostLink ?? "-"}",
        };
        lines.AddRange(n.Subnets.Select(s => $"subnet    {s.Subnet}{(s.Gateway is null ? "" : $" gateway {s.Gateway}")}"));
        lines.AddRange(n.Pools.Select(p => $"pool      {p.Pool}{(p.SubPool is null ? "" : $" range {p.SubPool}")}: {Usage(p)} used, largest free {p.LargestFree ?? "-"}"));
        lines.Add("");
        if (detail.Endpoints.Count == 0)
            return string.Join('\n', lines) + "no endpoints\n";
        var table = new TextTable("ENDPOINT", "ADDRESSES", "MAC", "HOST LINK", "PORTS");
        foreach (var e in detail.Endpoints)
        {
            table.Add(DockerId.Short(e.Id), string.Join(" ", e.Addresses), e.MacAddress, e.HostLink,
                e.Ports.Count == 0 ? "-" : string.Join(" ", e.Ports.Select(Port)));
        }

        return string.Join('\n', lines) + table;
    }

    public static string Pools(IReadOnlyList<PoolView> pools)
    {
        if (pools.Count == 0)
            return "no pools held\n";
        var table = new TextTable("POOL", "RANGE", "USED", "LARGEST FREE", "NETWORK", "SPACE");
        foreach (var p in pools)
        {
            table.Add(p.Pool, p.SubPool, Usage(p), p.LargestFree, p.NetworkId is null ? null : DockerId.Short(p.NetworkId), p.AddressSpace);
        }

        return table.ToString();
    }

    /// <summary>"used/usable" with big IPv6 counts as powers of two, which is how people size them.</summary>
    private static string Usage(PoolView pool) => $"{pool.Used}/{Count(pool.Usable)}";

    private static string Count(UInt128 value) =>
        value < 1_000_000_000 ? value.ToString(CultureInfo.InvariantCulture) : $"~2^{Math.Round(Math.Log2((double)value))}";

    // As docker port prints it: 80/tcp -> 0.0.0.0:8080
    private static string Port(PortView p) => $"{p.ContainerPort}/{p.Protocol}->{(p.HostIp.Contains(':') ? $"[{p.HostIp}]" : p.HostIp)}:{p.HostPort}";
}
