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
        // A row per subnet (a dual-stack network takes two), so a long IPv6 prefix and its pool's
        // usage stay side by side and the table stays within 100 columns.
        var table = new TextTable("NETWORK", "NAME", "MODE", "SUBNET", "LINK", "ENDPOINTS", "USED");
        foreach (var n in networks)
        {
            var mode = n.Internal ? $"{n.Mode} (internal)" : n.Mode;
            var subnets = n.Subnets.Count == 0 ? [null] : n.Subnets.Select(s => s.Subnet).ToList<string?>();
            for (var i = 0; i < subnets.Count; i++)
            {
                var used = n.Pools.FirstOrDefault(p => p.Pool == subnets[i] || p.SubPool == subnets[i]) is { } pool ? Usage(pool) : null;
                table.Add(i == 0
                    ? [DockerId.Short(n.Id), n.Name, mode, subnets[i], n.HostLink, n.Endpoints.ToString(CultureInfo.InvariantCulture), used]
                    : ["", "", "", subnets[i], "", "", used]);
            }
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
        // An address and a published port per row: a dual-stack endpoint with ports stays within 100 columns.
        var table = new TextTable("ENDPOINT", "ADDRESS", "MAC", "HOST LINK", "PORTS");
        foreach (var e in detail.Endpoints)
        {
            var rows = Math.Max(1, Math.Max(e.Addresses.Count, e.Ports.Count));
            for (var i = 0; i < rows; i++)
            {
                var address = i < e.Addresses.Count ? e.Addresses[i] : "";
                var port = i < e.Ports.Count ? Port(e.Ports[i]) : i == 0 ? "-" : "";
                table.Add(i == 0 ? [DockerId.Short(e.Id), address, e.MacAddress, e.HostLink, port] : ["", address, "", "", port]);
            }
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
