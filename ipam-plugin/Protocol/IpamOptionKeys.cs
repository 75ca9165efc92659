namespace Csnet.Ipam.Protocol;

/// <summary>Option keys and values the daemon puts in RequestAddress <c>Options</c>.</summary>
public static class IpamOptionKeys
{
    public const string RequestAddressType = "RequestAddressType";
    public const string GatewayRequestType = "com.docker.network.gateway";
}
