namespace Csnet.Plugin.Drivers;

/// <summary>Interface names csnet makes: at most 15 bytes (IFNAMSIZ 16 with the NUL), derived from Docker IDs.</summary>
public static class InterfaceNames
{
    public const int MaxLength = 15;

    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= MaxLength
        && name is not "." and not ".."
        && name.All(c => c > ' ' && c < 0x7f && c != '/' && c != ':');

    /// <summary>The prefix of the bridge names csnet makes itself.</summary>
    public const string BridgePrefix = "csbr-";

    /// <summary>Default bridge name: "csbr-" and the first 10 characters of the network ID.</summary>
    public static string Bridge(string networkId) => BridgePrefix + Short(networkId, 10);

    /// <summary>
    /// Docker's own bridge names: docker0 and br- followed by 12 hex digits of a network id. csnet
    /// never adopts them: Docker owns what is on them and may create one at any time.
    /// </summary>
    public static bool IsDockerBridge(string name) =>
        name == "docker0"
        || (name.Length == 15 && name.StartsWith("br-", StringComparison.Ordinal) && name[3..].All(char.IsAsciiHexDigitLower));

    /// <summary>The veth end that stays on the bridge.</summary>
    public static string HostVeth(string endpointId) => "csv" + Short(endpointId, 12);

    /// <summary>The veth end the daemon moves into the container (renamed there to eth0…).</summary>
    public static string ContainerVeth(string endpointId) => "csc" + Short(endpointId, 12);

    private static string Short(string id, int length) => id.Length <= length ? id : id[..length];
}
