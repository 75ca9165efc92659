using System.Globalization;
using System.Net;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>
/// <see cref="MacvlanSettings"/> as the flat map the stores keep. Keys are a stored format: a key
/// may be added (with a default when missing), never renamed.
/// </summary>
public sealed class MacvlanSettingsCodec : INetworkSettingsCodec
{
    public string Mode => MacvlanDriver.ModeName;

    public IReadOnlyDictionary<string, string> Write(NetworkSettings settings)
    {
        var macvlan = (MacvlanSettings)settings;
        var map = new Dictionary<string, string>
        {
            ["Parent"] = macvlan.Parent,
            ["ParentOwner"] = macvlan.ParentOwner.ToString(),
            ["Placeholder"] = macvlan.Placeholder ? "true" : "false",
            ["MacvlanMode"] = MacvlanOptions.Name(macvlan.MacvlanMode),
            ["Probe"] = macvlan.Probe ? "true" : "false",
            ["ShimAddresses"] = string.Join(',', macvlan.ShimAddresses),
        };
        if (macvlan.Vlan is var (lower, id))
        {
            map["VlanLower"] = lower;
            map["VlanId"] = id.ToString(CultureInfo.InvariantCulture);
        }
        if (macvlan.Mtu is { } mtu)
            map["Mtu"] = mtu.ToString(CultureInfo.InvariantCulture);
        if (macvlan.ShimName is { } shim)
            map["ShimName"] = shim;
        return map;
    }

    public NetworkSettings Read(IReadOnlyDictionary<string, string> values)
    {
        string? Get(string key) => values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        int? Int(string key) => Get(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        return new MacvlanSettings
        {
            Parent = Get("Parent") ?? throw new FormatException("macvlan settings without Parent"),
            ParentOwner = Enum.Parse<LinkOwner>(Get("ParentOwner") ?? nameof(LinkOwner.Existing)),
            Vlan = Get("VlanLower") is { } lower && Int("VlanId") is { } id ? (lower, id) : null,
            Placeholder = Get("Placeholder") == "true",
            MacvlanMode = MacvlanOptions.ParseMode(Get("MacvlanMode") ?? "bridge") ?? throw new FormatException($"macvlan mode '{Get("MacvlanMode")}'"),
            Mtu = Int("Mtu"),
            ShimName = Get("ShimName"),
            ShimAddresses = (Get("ShimAddresses") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToList(),
            Probe = Get("Probe") != "false",
        };
    }
}
