using System.Net;
using System.Text.Json;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Model;
using Csnet.Plugin.Protocol;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// Turns Docker's loosely typed option maps and address strings into domain values, once. DTOs and
/// strings stop here; a value that does not parse is an error naming the field.
/// </summary>
public static class OptionMapping
{
    public const string Generic = "com.docker.network.generic";
    public const string EnableIPv6 = "com.docker.network.enable_ipv6";
    public const string Internal = "com.docker.network.internal";
    public const string PortMap = "com.docker.network.portmap";

    /// <summary>The user's -o options: "com.docker.network.generic" as a string map.</summary>
    public static IReadOnlyDictionary<string, string> GenericOptions(Dictionary<string, JsonElement>? options)
    {
        var result = new Dictionary<string, string>();
        if (options is null || !options.TryGetValue(Generic, out var generic) || generic.ValueKind != JsonValueKind.Object)
            return result;
        foreach (var property in generic.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString() ?? ""
                : property.Value.GetRawText();
        }
        return result;
    }

    public static bool Flag(Dictionary<string, JsonElement>? options, string key) =>
        options is not null && options.TryGetValue(key, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.GetString() is "true" or "1",
            _ => false,
        };

    public static IReadOnlyList<PortRequest> PortRequests(Dictionary<string, JsonElement>? options)
    {
        if (options is null || !options.TryGetValue(PortMap, out var map) || map.ValueKind != JsonValueKind.Array)
            return [];
        var result = new List<PortRequest>();
        foreach (var entry in map.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
                continue;
            var proto = Int(entry, "Proto");
            if (!Enum.IsDefined((IpProtocol)(byte)proto) || proto is < 0 or > 255)
                throw new CsnetException(ErrorKind.InvalidRequest, $"IP protocol {proto} cannot be published; use tcp, udp or sctp");
            var port = Int(entry, "Port");
            var hostText = Text(entry, "HostIP");
            IPAddress? hostIp = null;
            if (!string.IsNullOrEmpty(hostText) && !IpPrefix.TryParseAddress(hostText, out hostIp))
                throw new CsnetException(ErrorKind.InvalidRequest, $"published port {port}: host address '{hostText}' is not an IP address");
            var low = Int(entry, "HostPort");
            var high = Int(entry, "HostPortEnd");
            if (port is < 1 or > 65535 || low is < 0 or > 65535 || high is < 0 or > 65535)
                throw new CsnetException(ErrorKind.InvalidRequest, $"published port {port}: ports must be from 1 to 65535 (host port {low}-{high})");
            result.Add(new PortRequest((IpProtocol)(byte)proto, hostIp, port, low, high));
        }
        return result;
    }

    /// <summary>IPv4Data and IPv6Data, each entry checked against its family.</summary>
    public static IReadOnlyList<SubnetSpec> Subnets(List<IpamData>? v4, List<IpamData>? v6) =>
        Family(v4, System.Net.Sockets.AddressFamily.InterNetwork, "IPv4").Concat(Family(v6, System.Net.Sockets.AddressFamily.InterNetworkV6, "IPv6")).ToList();

    private static IEnumerable<SubnetSpec> Family(List<IpamData>? data, System.Net.Sockets.AddressFamily family, string name)
    {
        foreach (var d in data ?? [])
        {
            var pool = IpPrefix.TryParse(d.Pool, out var problem)
                ?? throw new CsnetException(ErrorKind.InvalidRequest, $"{name}Data pool: {problem}");
            if (pool.Family != family)
                throw new CsnetException(ErrorKind.InvalidRequest, $"{name}Data pool {pool} is not an {name} subnet");
            CidrAddress? gateway = null;
            if (!string.IsNullOrEmpty(d.Gateway))
                gateway = CidrAddress.TryParse(d.Gateway, out problem)
                    ?? throw new CsnetException(ErrorKind.InvalidRequest, $"{name}Data gateway: {problem}");
            var aux = new Dictionary<string, IPAddress>();
            foreach (var (auxName, text) in d.AuxAddresses ?? [])
                aux[auxName] = (CidrAddress.TryParse(text, out problem)
                    ?? throw new CsnetException(ErrorKind.InvalidRequest, $"aux address {auxName}: {problem}")).Address;
            yield return new SubnetSpec(pool, gateway, aux);
        }
    }

    /// <summary>An interface address from CreateEndpoint ("" when the daemon has none).</summary>
    public static CidrAddress? Address(string? text, string field, System.Net.Sockets.AddressFamily family)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var address = CidrAddress.TryParse(text, out var problem)
            ?? throw new CsnetException(ErrorKind.InvalidRequest, $"Interface.{field}: {problem}");
        return address.Family == family
            ? address
            : throw new CsnetException(ErrorKind.InvalidRequest, $"Interface.{field} '{text}' is of the other address family");
    }

    private static int Int(JsonElement entry, string name) =>
        TryGet(entry, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    private static string? Text(JsonElement entry, string name) =>
        TryGet(entry, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Go's JSON decoder matches keys case-insensitively; so does this.</summary>
    private static bool TryGet(JsonElement entry, string name, out JsonElement value)
    {
        foreach (var property in entry.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
