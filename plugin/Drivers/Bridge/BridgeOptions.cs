using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Errors;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>The bridge driver's -o options, typed. Parsing touches neither the kernel nor the database.</summary>
public sealed record BridgeOptions
{
    public string? BridgeName { get; init; }
    public int? Mtu { get; init; }
    public bool EnableIpMasquerade { get; init; } = true;
    public bool EnableIcc { get; init; } = true;
    public IPAddress HostBindingIpv4 { get; init; } = IPAddress.Any;

    /// <summary>com.docker.network.host_ipv4: SNAT source for outbound traffic; null masquerades.</summary>
    public IPAddress? HostIpv4 { get; init; }

    /// <summary>com.docker.network.host_ipv6: the same for IPv6.</summary>
    public IPAddress? HostIpv6 { get; init; }

    public GatewayMode GatewayModeIpv4 { get; init; }
    public GatewayMode GatewayModeIpv6 { get; init; }
    public string ContainerIfacePrefix { get; init; } = "eth";

    /// <summary>Parses every option; throws one <see cref="CsnetException"/> naming every problem.</summary>
    public static BridgeOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        var problems = new List<string>();
        var result = new BridgeOptions();
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case BridgeOptionKeys.Mode:
                    break;
                case BridgeOptionKeys.BridgeName:
                    if (InterfaceNames.IsValid(value))
                        result = result with { BridgeName = value };
                    else
                        problems.Add(LinkOptionValues.NotAnInterfaceName(key, value));
                    break;
                case BridgeOptionKeys.Mtu:
                    if (LinkOptionValues.TryParseMtu(value, out var mtu))
                        result = result with { Mtu = mtu };
                    else
                        problems.Add(LinkOptionValues.NotAnMtu(key, value));
                    break;
                case BridgeOptionKeys.EnableIpMasquerade:
                    if (TryParseBool(value, out var masquerade))
                        result = result with { EnableIpMasquerade = masquerade };
                    else
                        problems.Add(NotABool(key, value));
                    break;
                case BridgeOptionKeys.EnableIcc:
                    if (TryParseBool(value, out var icc))
                        result = result with { EnableIcc = icc };
                    else
                        problems.Add(NotABool(key, value));
                    break;
                case BridgeOptionKeys.HostBindingIpv4:
                    if (IPAddress.TryParse(value, out var hostIp) && hostIp.AddressFamily == AddressFamily.InterNetwork)
                        result = result with { HostBindingIpv4 = hostIp };
                    else
                        problems.Add($"option {key}: '{value}' is not an IPv4 address");
                    break;
                case BridgeOptionKeys.HostIpv4:
                    if (IPAddress.TryParse(value, out var snat) && snat.AddressFamily == AddressFamily.InterNetwork
                        && !snat.Equals(IPAddress.Any))
                        result = result with { HostIpv4 = snat };
                    else
                        problems.Add($"option {key}: '{value}' is not an IPv4 address of this host");
                    break;
                case BridgeOptionKeys.HostIpv6:
                    if (IPAddress.TryParse(value, out var snat6) && snat6.AddressFamily == AddressFamily.InterNetworkV6
                        && !snat6.Equals(IPAddress.IPv6Any) && !snat6.IsIPv4MappedToIPv6)
                        result = result with { HostIpv6 = snat6 };
                    else
                        problems.Add($"option {key}: '{value}' is not an IPv6 address of this host");
                    break;
                case BridgeOptionKeys.GatewayModeIpv4:
                case BridgeOptionKeys.GatewayModeIpv6:
                    if (ParseGatewayMode(value) is { } mode)
                        result = key == BridgeOptionKeys.GatewayModeIpv4 ? result with { GatewayModeIpv4 = mode } : result with { GatewayModeIpv6 = mode };
                    else
                        problems.Add(value is "nat-unprotected" or "isolated"
                            ? $"option {key}: '{value}' is not supported by csnet yet; use nat or routed"
                            : $"option {key}: '{value}' is not a gateway mode; use nat or routed");
                    break;
                case BridgeOptionKeys.ContainerIfacePrefix:
                    if (value.Length is >= 1 and <= 12 && InterfaceNames.IsValid(value))
                        result = result with { ContainerIfacePrefix = value };
                    else
                        problems.Add($"option {key}: '{value}' must be 1 to 12 characters of an interface name (room is left for the daemon's index)");
                    break;
                default:
                    problems.Add(BridgeOptionKeys.NotYetSupported.Contains(key)
                        ? $"option {key} is not supported by csnet yet; remove it"
                        : $"unknown option {key}; the bridge mode accepts {string.Join(", ", Known)}");
                    break;
            }
        }
        if (problems.Count > 0)
            throw CsnetException.InvalidOption(string.Join("; ", problems));
        return result;
    }

    private static readonly string[] Known =
    [
        BridgeOptionKeys.Mode, BridgeOptionKeys.BridgeName, BridgeOptionKeys.Mtu, BridgeOptionKeys.EnableIpMasquerade,
        BridgeOptionKeys.EnableIcc, BridgeOptionKeys.HostBindingIpv4, BridgeOptionKeys.HostIpv4, BridgeOptionKeys.HostIpv6,
        BridgeOptionKeys.GatewayModeIpv4, BridgeOptionKeys.GatewayModeIpv6, BridgeOptionKeys.ContainerIfacePrefix,
    ];

    private static GatewayMode? ParseGatewayMode(string value) => value switch
    {
        "nat" => GatewayMode.Nat,
        "routed" => GatewayMode.Routed,
        _ => null,
    };

    private static string NotABool(string key, string value) => $"option {key}: '{value}' is not true or false";

    /// <summary>The spellings Go's strconv.ParseBool accepts, which is what Docker's own driver uses.</summary>
    private static bool TryParseBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }
}
