using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    public Link? TryGetLink(string name)
    {
        LinkAttributesWriter.ValidateName(name);
        return TryGetLinkCore($"get link {name}", (ref NetlinkWriter w) =>
        {
            w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, name);
        });
    }

    public Link? TryGetLink(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        return TryGetLinkCore($"get link #{index}", (ref NetlinkWriter w) =>
            w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC, Index = index }));
    }

    public IReadOnlyList<Link> GetLinks() =>
        Dump("dump links", RtnlMessageTypes.RTM_GETLINK,
            (ref NetlinkWriter w) => w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC }),
            (in NetlinkMessage message) => message.Header.Type == RtnlMessageTypes.RTM_NEWLINK ? LinkParser.Parse(message.Payload) : null);

    /// <summary>
    /// One RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL, then, when <see cref="Link.Alias"/> or
    /// <see cref="Link.BridgePortHairpin"/> is set, one RTM_NEWLINK that changes the new link by name
    /// (the kernel ignores IFLA_IFALIAS and port settings on create). If that fails the new link is
    /// deleted again, so a link csnet made never lacks its ownership tag.
    /// </summary>
    public void AddLink(Link link)
    {
        ArgumentNullException.ThrowIfNull(link);
        Execute($"add {link.Kind} link {link.Name}", RtnlMessageTypes.RTM_NEWLINK,
            NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL,
            (ref NetlinkWriter w) => LinkAttributesWriter.WriteNewLink(ref w, link));

        if (link.Alias is null && link.BridgePortHairpin is null)
        {
            return;
        }

        try
        {
            // Without NLM_F_CREATE the kernel only changes an existing link (ENODEV if it went meanwhile).
            Execute($"set alias and port settings of {link.Name}", RtnlMessageTypes.RTM_NEWLINK, 0,
                (ref NetlinkWriter w) => LinkAttributesWriter.WriteAfterCreate(ref w, link));
        }
        catch
        {
            // The alias is csnet's ownership tag; a link without it would look like someone else's.
            TryDeleteLink(link.Name);
            throw;
        }
    }

    public bool TryDeleteLink(string name)
    {
        LinkAttributesWriter.ValidateName(name);
        try
        {
            Execute($"delete link {name}", RtnlMessageTypes.RTM_DELLINK, 0, (ref NetlinkWriter w) =>
            {
                w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC });
                w.WriteString(LinkAttributeTypes.IFLA_IFNAME, name);
            });
            return true;
        }
        catch (NetlinkException e) when (e.Errno == ENODEV)
        {
            return false;
        }
    }

    public void SetUp(string name) =>
        SetLink($"set link {name} up", name, LinkAttributeTypes.IFF_UP, static (ref NetlinkWriter _) => { });

    public void SetAlias(string name, string alias) =>
        SetLink($"set alias of {name}", name, 0, (ref NetlinkWriter w) => w.WriteString(LinkAttributeTypes.IFLA_IFALIAS, alias));

    public void SetMtu(string name, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        SetLink($"set mtu of {name} to {mtu}", name, 0, (ref NetlinkWriter w) =>
            w.WriteUInt32(LinkAttributeTypes.IFLA_MTU, (uint)mtu));
    }

    public void SetMaster(string name, string? master)
    {
        // IFLA_MASTER 0 is the kernel's "nomaster".
        var masterIndex = 0;
        if (master is not null)
        {
            masterIndex = TryGetLink(master)?.Index
                ?? throw new NetlinkException($"set master of {name} to {master}", ENODEV, $"master {master} does not exist");
        }

        SetLink(master is null ? $"release {name} from its master" : $"set master of {name} to {master}", name, 0,
            (ref NetlinkWriter w) => w.WriteUInt32(LinkAttributeTypes.IFLA_MASTER, (uint)masterIndex));
    }

    /// <summary>RTM_SETLINK addressed by name; <paramref name="setFlags"/> are both set and marked as changed.</summary>
    private void SetLink(string operation, string name, uint setFlags, RequestBuilder attributes)
    {
        LinkAttributesWriter.ValidateName(name);
        Execute(operation, RtnlMessageTypes.RTM_SETLINK, 0, (ref NetlinkWriter w) =>
        {
            w.WriteFixed(new IfInfoMessage { Family = AddressFamilies.AF_UNSPEC, Flags = setFlags, Change = setFlags });
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, name);
            attributes(ref w);
        });
    }

    private Link? TryGetLinkCore(string operation, RequestBuilder build)
    {
        Link? link = null;
        try
        {
            Execute(operation, RtnlMessageTypes.RTM_GETLINK, 0, build, (in NetlinkMessage message) =>
            {
                if (message.Header.Type == RtnlMessageTypes.RTM_NEWLINK)
                {
                    link = LinkParser.Parse(message.Payload);
                }
            });
        }
        catch (NetlinkException e) when (e.Errno == ENODEV)
        {
            return null;
        }

        return link;
    }
}
