using System.Globalization;
using System.Net;
using Csnet.Common.Addressing;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// <see cref="BridgeSettings"/> as the flat map the stores keep. Keys are a stored format: a key
/// may be added (with a default when missing), never renamed.
/// </summary>
public sealed class BridgeSettingsCodec : INetworkSettingsCodec
{
    private const string OriginalPrefix = "Original.";

    public string Mode => BridgeDriver.ModeName;

    public IReadOnlyDictionary<string, string> Write(NetworkSettings settings)
    {
        var bridge = (BridgeSettings)settings;
        var map = new Dictionary<string, string>
        {
            ["BridgeName"] = bridge.BridgeName,
            ["BridgeOwner"] = bridge.BridgeOwner.ToString(),
            ["Icc"] = Bool(bridge.Icc),
            ["Masquerade"] = Bool(bridge.Masquerade),
            ["GatewayModeIPv4"] = Name(bridge.GatewayModeIPv4),
            ["GatewayModeIPv6"] = Name(bridge.GatewayModeIPv6),
            ["HostBindingIPv4"] = bridge.HostBindingIPv4.ToString(),
            ["ContainerIfacePrefix"] = bridge.ContainerIfacePrefix,
            ["GatewaysAdded"] = string.Join(',', bridge.GatewaysAdded),
        };
        foreach (var (key, value) in bridge.AdoptedOriginals)
            map[OriginalPrefix + key] = value;
        if (bridge.Mtu is { } mtu)
            map["Mtu"] = mtu.ToString(CultureInfo.InvariantCulture);
        if (bridge.HostIPv4 is { } v4)
            map["HostIPv4"] = v4.ToString();
        if (bridge.HostIPv6 is { } v6)
            map["HostIPv6"] = v6.ToString();
        return map;
    }

    public NetworkSettings Read(IReadOnlyDictionary<string, string> values)
    {
        string? Get(string key) => values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        return new BridgeSettings
        {
            BridgeName = Get("BridgeName") ?? throw new FormatException("bridge settings without BridgeName"),
            BridgeOwner = Enum.Parse<LinkOwner>(Get("BridgeOwner") ?? nameof(LinkOwner.Csnet)),
            Mtu = Get("Mtu") is { } mtu ? int.Parse(mtu, CultureInfo.InvariantCulture) : null,
            Icc = Get("Icc") != "false",
            Masquerade = Get("Masquerade") != "false",
            GatewayModeIPv4 = ParseMode(Get("GatewayModeIPv4")),
            GatewayModeIPv6 = ParseMode(Get("GatewayModeIPv6")),
            HostIPv4 = Get("HostIPv4") is { } v4 ? IPAddress.Parse(v4) : null,
            HostIPv6 = Get("HostIPv6") is { } v6 ? IPAddress.Parse(v6) : null,
            HostBindingIPv4 = Get("HostBindingIPv4") is { } binding ? IPAddress.Parse(binding) : IPAddress.Any,
            ContainerIfacePrefix = Get("ContainerIfacePrefix") ?? "eth",
            GatewaysAdded = (Get("GatewaysAdded") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(CidrAddress.Parse).ToList(),
            AdoptedOriginals = values.Where(v => v.Key.StartsWith(OriginalPrefix, StringComparison.Ordinal))
                .ToDictionary(v => v.Key[OriginalPrefix.Length..], v => v.Value),
        };
    }

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Docker's spelling of the mode, as in the -o option.</summary>
    public static string Name(GatewayMode mode) => mode == GatewayMode.Routed ? "routed" : "nat";

    private static GatewayMode ParseMode(string? name) => name == "routed" ? GatewayMode.Routed : GatewayMode.Nat;
}
