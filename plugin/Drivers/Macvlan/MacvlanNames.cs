namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>Names of the links the macvlan mode makes, at most 15 bytes, derived from Docker IDs.</summary>
public static class MacvlanNames
{
    /// <summary>An endpoint's macvlan child under its temporary host name; the daemon renames it to eth0… in the container.</summary>
    public static string Child(string endpointId) => "csm" + Head(endpointId, 12);

    /// <summary>The network's host shim: "cshim" and 10 characters of the network ID.</summary>
    public static string Shim(string networkId) => "cshim" + Head(networkId, 10);

    /// <summary>The placeholder parent of a network without -o parent: "csdm-" and 10 characters (Docker's dummy is "dm-" and 12).</summary>
    public static string Placeholder(string networkId) => "csdm-" + Head(networkId, 10);

    private static string Head(string id, int length) => id.Length <= length ? id : id[..length];
}
