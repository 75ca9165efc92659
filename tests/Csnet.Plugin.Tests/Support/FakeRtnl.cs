using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Tests.Support;

/// <summary>
/// An in-memory kernel for driver tests: links (a veth add makes both ends), masters, up, hairpin
/// and addresses, answering like <see cref="RtnlClient"/> (null for a missing link, ENODEV,
/// EEXIST). <see cref="FailWhen"/> makes an operation throw as the kernel would refuse it; every
/// change is recorded in <see cref="Calls"/>.
/// </summary>
internal sealed class FakeRtnl : IRtnl
{
    private const int ENODEV = 19;
    private const int EEXIST = 17;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Link> _links = [];
    private readonly List<InterfaceAddress> _addresses = [];
    private readonly Dictionary<string, bool> _hairpin = [];
    private int _nextIndex = 100;

    public List<string> Calls { get; } = [];

    public List<Route> Routes { get; } = [];

    /// <summary>Operations (as recorded in <see cref="Calls"/>, e.g. "AddLink veth csv…") that fail with EPERM.</summary>
    public Func<string, bool> FailWhen { get; set; } = _ => false;

    public IReadOnlyCollection<string> LinkNames { get { lock (_lock) return _links.Keys.ToList(); } }

    public IReadOnlyList<InterfaceAddress> Addresses { get { lock (_lock) return _addresses.ToList(); } }

    /// <summary>A link that exists before the test (an adopted bridge, a host NIC).</summary>
    public Link Existing(Link link)
    {
        lock (_lock)
        {
            var added = link with { Index = link.Index == 0 ? _nextIndex++ : link.Index };
            _links[link.Name] = added;
            return added;
        }
    }

    public Link? TryGetLink(string name)
    {
        lock (_lock) return _links.GetValueOrDefault(name);
    }

    public Link? TryGetLink(int index)
    {
        lock (_lock) return _links.Values.FirstOrDefault(l => l.Index == index);
    }

    public IReadOnlyList<Link> GetLinks()
    {
        lock (_lock) return _links.Values.ToList();
    }

    public void AddLink(Link link)
    {
        lock (_lock)
        {
            Record($"AddLink {link.Kind} {link.Name}");
            if (_links.ContainsKey(link.Name) || (link is VethLink { PeerName: { } p } && _links.ContainsKey(p)))
                throw new NetlinkException("add link", EEXIST, "File exists");
            if (link.MasterIndex is { } master && !_links.Values.Any(l => l.Index == master))
                throw new NetlinkException("add link", ENODEV, "master does not exist");
            if (ParentOf(link) is { } parent && !_links.Values.Any(l => l.Index == parent))
                throw new NetlinkException("add link", ENODEV, "lower device does not exist");
            if (UnsupportedKinds.Contains(link.Kind))
                throw new NetlinkException("add link", 95, "Unknown device type");
            var index = _nextIndex++;
            _links[link.Name] = link with { Index = index };
            if (link is VethLink veth)
                _links[veth.PeerName!] = new VethLink { Name = veth.PeerName!, Index = _nextIndex++, PeerIndex = index, Mtu = veth.PeerMtu ?? veth.Mtu, MacAddress = veth.PeerMacAddress, Alias = veth.Alias };
            if (link.BridgePortHairpin is { } hairpin)
            {
                // As RtnlClient: the port setting is a second request, and its failure removes the new link.
                try
                {
                    SetBridgePortHairpin(link.Name, hairpin);
                }
                catch
                {
                    TryDeleteLinkQuietly(link.Name);
                    throw;
                }
            }
        }
    }

    public bool TrySetLinkGroup(string name, uint group)
    {
        lock (_lock)
        {
            Record($"SetLinkGroup {name} {group}");
            if (!_links.TryGetValue(name, out var link))
                return false;
            _links[name] = link with { Group = group };
            return true;
        }
    }

    public bool DeleteLinkGroup(uint group)
    {
        List<string> names;
        lock (_lock)
        {
            Record($"DeleteLinkGroup {group}");
            names = _links.Values.Where(l => l.Group == group).Select(l => l.Name).ToList();
        }

        foreach (var name in names)
            TryDeleteLinkQuietly(name);
        return names.Count > 0;
    }

    private void TryDeleteLinkQuietly(string name)
    {
        lock (_lock)
        {
            var before = Calls.Count;
            TryDeleteLink(name);
            Calls.RemoveRange(before, Calls.Count - before);
        }
    }

    public bool TryDeleteLink(string name)
    {
        lock (_lock)
        {
            Record($"DeleteLink {name}");
            if (!_links.Remove(name, out var link))
                return false;
            _addresses.RemoveAll(a => a.LinkIndex == link.Index);
            Routes.RemoveAll(r => r.OutputIndex == link.Index);
            // Like the kernel: macvlan and vlan links go with their lower device.
            foreach (var child in _links.Values.Where(l => ParentOf(l) == link.Index).ToList())
                _links.Remove(child.Name);
            if (link is VethLink { PeerIndex: { } peer })
                foreach (var other in _links.Values.Where(l => l.Index == peer).ToList())
                    _links.Remove(other.Name);
            foreach (var other in _links.Values.OfType<VethLink>().Where(l => l.PeerIndex == link.Index).ToList())
                _links.Remove(other.Name);
            return true;
        }
    }

    public void SetUp(string name) => Change($"SetUp {name}", name, l => l with { IsUp = true });

    public void SetAlias(string name, string alias) => Change($"SetAlias {name} {alias}", name, l => l with { Alias = alias });

    public void SetMtu(string name, int mtu) => Change($"SetMtu {name} {mtu}", name, l => l with { Mtu = mtu });

    public void SetMaster(string name, string? master)
    {
        int? index = null;
        if (master is not null)
            index = TryGetLink(master)?.Index ?? throw new NetlinkException("set master", ENODEV, $"master {master} does not exist");
        Change($"SetMaster {name} {master}", name, l => l with { MasterIndex = index });
    }

    public void SetBridgePortHairpin(string portName, bool enabled)
    {
        lock (_lock)
        {
            Record($"SetHairpin {portName} {enabled}");
            var link = _links.GetValueOrDefault(portName) ?? throw new NetlinkException("set hairpin", ENODEV, null);
            if (link.MasterIndex is null)
                throw new NetlinkException("set hairpin", 95, $"{portName} is not enslaved to a bridge");
            _hairpin[portName] = enabled;
        }
    }

    public bool? GetBridgePortHairpin(string portName)
    {
        lock (_lock) return _hairpin.TryGetValue(portName, out var on) ? on : null;
    }

    public void AddAddress(string linkName, IPAddress address, int prefixLength)
    {
        lock (_lock)
        {
            Record($"AddAddress {linkName} {address}/{prefixLength}");
            var link = _links.GetValueOrDefault(linkName) ?? throw new NetlinkException("add address", ENODEV, null);
            if (_addresses.Any(a => a.LinkIndex == link.Index && a.Address.Equals(address)))
                throw new NetlinkException("add address", EEXIST, "File exists");
            _addresses.Add(new InterfaceAddress(link.Index, address, prefixLength));
        }
    }

    public void DeleteAddress(string linkName, IPAddress address, int prefixLength)
    {
        if (!TryDeleteAddress(linkName, address, prefixLength))
            throw new NetlinkException("delete address", 99, "Cannot assign requested address");
    }

    public bool TryDeleteAddress(string linkName, IPAddress address, int prefixLength)
    {
        lock (_lock)
        {
            Record($"DeleteAddress {linkName} {address}/{prefixLength}");
            var link = _links.GetValueOrDefault(linkName);
            return link is not null && _addresses.RemoveAll(a => a.LinkIndex == link.Index && a.Address.Equals(address)) > 0;
        }
    }

    public IReadOnlyList<InterfaceAddress> GetAddresses(string? linkName = null)
    {
        lock (_lock)
        {
            if (linkName is null)
                return _addresses.ToList();
            var link = _links.GetValueOrDefault(linkName) ?? throw new NetlinkException("dump addresses", ENODEV, null);
            return _addresses.Where(a => a.LinkIndex == link.Index).ToList();
        }
    }

    public IReadOnlyList<Route> GetRoutes(AddressFamily family)
    {
        lock (_lock) return Routes.Where(r => (r.Destination ?? r.Gateway)?.AddressFamily is null || (r.Destination ?? r.Gateway)!.AddressFamily == family).ToList();
    }

    public IReadOnlyList<Route> GetDefaultRoutes(AddressFamily family) => GetRoutes(family).Where(r => r.PrefixLength == 0).ToList();

    public void ReplaceRoute(Route route)
    {
        lock (_lock)
        {
            Record($"ReplaceRoute {route.Destination}/{route.PrefixLength} dev #{route.OutputIndex} src {route.PreferredSource}");
            if (route.OutputIndex is { } index && !_links.Values.Any(l => l.Index == index))
                throw new NetlinkException("add route", ENODEV, null);
            Routes.RemoveAll(r => Same(r, route));
            Routes.Add(route);
        }
    }

    public bool TryDeleteRoute(Route route)
    {
        lock (_lock)
        {
            Record($"DeleteRoute {route.Destination}/{route.PrefixLength}");
            return Routes.RemoveAll(r => Same(r, route)) > 0;
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Kinds this fake kernel lacks, like this machine's (dummy, vlan); AddLink answers EOPNOTSUPP.</summary>
    public HashSet<string> UnsupportedKinds { get; } = [];

    private static int? ParentOf(Link link) => link switch
    {
        MacvlanLink m => m.ParentIndex,
        VlanLink v => v.ParentIndex,
        _ => null,
    };

    private static bool Same(Route a, Route b) =>
        Equals(a.Destination, b.Destination) && a.PrefixLength == b.PrefixLength && a.OutputIndex == b.OutputIndex;

    private void Change(string call, string name, Func<Link, Link> change)
    {
        lock (_lock)
        {
            Record(call);
            var link = _links.GetValueOrDefault(name) ?? throw new NetlinkException(call, ENODEV, null);
            _links[name] = change(link);
        }
    }

    private void Record(string call)
    {
        Calls.Add(call);
        if (FailWhen(call))
            throw new NetlinkException(call, 1, "Operation not permitted (injected by the test)");
    }
}
