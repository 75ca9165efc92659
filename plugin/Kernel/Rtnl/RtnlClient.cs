namespace Csnet.Plugin.Kernel.Rtnl;

public abstract class RtnlClient : IRtnl
{
    public static IRtnl Open() => throw new PlatformNotSupportedException();
    public abstract Link? TryGetLink(string name);
    public abstract Link? TryGetLink(int index);
    public abstract IReadOnlyList<Link> GetLinks();
    public abstract void AddLink(Link link);
    public abstract bool TryDeleteLink(string name);
    public abstract void SetUp(string name);
    public abstract void SetMtu(string name, int mtu);
    public abstract void SetMaster(string name, string? master);
    public abstract void AddAddress(string linkName, System.Net.IPAddress address, int prefixLength);
    public abstract void DeleteAddress(string linkName, System.Net.IPAddress address, int prefixLength);
    public abstract IReadOnlyList<InterfaceAddress> GetAddresses(string? linkName = null);
    public abstract IReadOnlyList<Route> GetRoutes(System.Net.Sockets.AddressFamily family);
    public abstract void Dispose();
}
