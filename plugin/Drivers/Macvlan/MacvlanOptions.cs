using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>The macvlan mode's -o options, typed. Parsing touches neither the kernel nor the database.</summary>
public sealed record MacvlanOptions
{
    /// <summary>-o parent; null when not given (csnet then makes a placeholder parent, as Docker makes a dummy link).</summary>
    public string? Parent { get; init; }

    /// <summary>The lower link and VLAN id when <see cref="Parent"/> is written like eth0.10 (whether it exists is not asked here).</summary>
    public (string Lower, int Id)? Vlan { get; init; }

    public MacvlanMode Mode { get; init; } = MacvlanMode.Bridge;

    public int? Mtu { get; init; }

    /// <summary>csnet.host_shim: at most one address per family.</summary>
    public IReadOnlyList<IPAddress> HostShim { get; init; } = [];

    public bool Probe { get; init; } = true;

    /// <summary>Parses every option; throws one <see cref="CsnetException"/> naming every problem.</summary>
    public static MacvlanOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        var problems = new List<string>();
        var result = new MacvlanOptions();
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case MacvlanOptionKeys.Mode:
                    break;
                case MacvlanOptionKeys.Parent:
                    if (value.Length == 0)
                        break;
                    if (value == "lo")
                        problems.Add($"option {key}: the loopback interface is not a valid macvlan parent; name an Ethernet link, like -o parent=eth1");
                    else if (!InterfaceNames.IsValid(value))
                        problems.Add(LinkOptionValues.NotAnInterfaceName(key, value));
                    else
                        result = result with { Parent = value, Vlan = ParseVlan(value) };
                    break;
                case MacvlanOptionKeys.MacvlanMode:
                    if (ParseMode(value) is { } mode)
                        result = result with { Mode = mode };
                    else
                        problems.Add($"option {key}: '{value}' is not a macvlan mode; use bridge (the default), private, vepa or passthru");
                    break;
                case MacvlanOptionKeys.Mtu:
                    if (LinkOptionValues.TryParseMtu(value, out var mtu))
                        result = result with { Mtu = mtu };
                    else
                        problems.Add(LinkOptionValues.NotAnMtu(key, value));
                    break;
                case MacvlanOptionKeys.HostShim:
                    var shim = ParseShim(key, value, problems);
                    result = result with { HostShim = shim };
                    break;
                case MacvlanOptionKeys.Probe:
                    if (bool.TryParse(value, out var probe))
                        result = result with { Probe = probe };
                    else
                        problems.Add($"option {key}: '{value}' is not true or false");
                    break;
                default:
                    problems.Add($"unknown option {key}; the macvlan mode accepts {string.Join(", ", MacvlanOptionKeys.Known)}");
                    break;
            }
        }
        if (result.HostShim.Count > 0 && result.Mode != MacvlanMode.Bridge)
            problems.Add($"option {MacvlanOptionKeys.HostShim}: the host shim needs macvlan_mode bridge (a {Name(result.Mode)} child cannot talk to its siblings); drop one of the two options");
        if (problems.Count > 0)
            throw CsnetException.InvalidOption(string.Join("; ", problems));
        return result;
    }

    /// <summary>Docker's spelling of a macvlan mode.</summary>
    public static string Name(MacvlanMode mode) => mode.ToString().ToLowerInvariant();

    public static MacvlanMode? ParseMode(string value) => value switch
    {
        "bridge" => MacvlanMode.Bridge,
        "private" => MacvlanMode.Private,
        "vepa" => MacvlanMode.Vepa,
        "passthru" => MacvlanMode.Passthru,
        _ => null,
    };

    /// <summary>"eth0.10" → (eth0, 10): a name, one dot, digits (Docker's rule). The id's range is checked when csnet creates the link.</summary>
    private static (string, int)? ParseVlan(string name)
    {
        var parts = name.Split('.');
        return parts is [{ Length: > 0 } lower, { Length: > 0 and <= 5 } id] && id.All(char.IsAsciiDigit)
            ? (lower, int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    private static List<IPAddress> ParseShim(string key, string value, List<string> problems)
    {
        var addresses = new List<IPAddress>();
        var before = problems.Count;
        foreach (var text in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IPAddress.TryParse(text, out var address) || address.IsIPv4MappedToIPv6
                || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || text.Contains('/'))
                problems.Add($"option {key}: '{text}' is not an IP address; give one address per family, like {key}=192.168.1.250,fd00:1::250");
            else if (addresses.Any(a => a.AddressFamily == address.AddressFamily))
                problems.Add($"option {key}: two {(address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} addresses; the shim takes one per family");
            else
                addresses.Add(address);
        }
        if (addresses.Count == 0 && problems.Count == before)
            problems.Add($"option {key}: empty; give one address per family, like {key}=192.168.1.250");
        return addresses;
    }
}
