using System.Text.Json;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Protocol;

namespace Csnet.Plugin.Endpoints;

/// <summary>Turns Docker's loosely typed option maps into domain values. DTOs stop here.</summary>
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

    public static IReadOnlyList<PortBinding> PortBindings(Dictionary<string, JsonElement>? options)
    {
        if (options is null || !options.TryGetValue(PortMap, out var map) || map.ValueKind != JsonValueKind.Array)
            return [];
        var result = new List<PortBinding>();
        foreach (var entry in map.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
                continue;
            result.Add(new PortBinding(
                Int(entry, "Proto"), Text(entry, "HostIP"), Int(entry, "Port"), Int(entry, "HostPort"), Int(entry, "HostPortEnd")));
        }
        return result;
    }

    public static IReadOnlyList<SubnetSpec> Subnets(List<IpamData>? data, string family)
    {
        if (data is null)
            return [];
        return data.Select(d =>
        {
            var pool = Cidr.TryParse(d.Pool, out var p)
                ? p
                : throw new CsnetException(ErrorKind.InvalidRequest, $"{family} pool '{d.Pool}' is not an address with a prefix length");
            Cidr? gateway = null;
            if (!string.IsNullOrEmpty(d.Gateway))
                gateway = Cidr.TryParse(d.Gateway, out var g)
                    ? g
                    : throw new CsnetException(ErrorKind.InvalidRequest, $"{family} gateway '{d.Gateway}' is not an address with a prefix length");
            var aux = new Dictionary<string, Cidr>();
            foreach (var (name, text) in d.AuxAddresses ?? [])
                aux[name] = Cidr.TryParse(text, out var a)
                    ? a
                    : throw new CsnetException(ErrorKind.InvalidRequest, $"aux address {name}='{text}' is not an address with a prefix length");
            return new SubnetSpec(pool, gateway, aux);
        }).ToList();
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
