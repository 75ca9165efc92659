using System.Collections.Frozen;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// What one link kind adds to IFLA_LINKINFO: it writes its own IFLA_INFO_DATA on add and turns the
/// kernel's IFLA_INFO_DATA back into its record. Each kind's codec is nested in its record's file
/// (<c>BridgeLink.Codec</c>) and found here by reflection, so a new kind is one new file and no
/// switch grows. Kinds without a codec are written with IFLA_INFO_KIND only and read as
/// <see cref="OtherLink"/>.
/// </summary>
internal abstract class LinkKindCodec
{
    private static readonly FrozenDictionary<string, LinkKindCodec> ByKind = typeof(LinkKindCodec).Assembly
        .GetTypes()
        .Where(type => type.IsSubclassOf(typeof(LinkKindCodec)) && !type.IsAbstract)
        .Select(type => (LinkKindCodec)Activator.CreateInstance(type, nonPublic: true)!)
        .ToFrozenDictionary(codec => codec.Kind, StringComparer.Ordinal);

    /// <summary>IFLA_INFO_KIND.</summary>
    public abstract string Kind { get; }

    public static LinkKindCodec? Find(string kind) => ByKind.GetValueOrDefault(kind);

    /// <summary>
    /// Writes top-level IFLA_* attributes only this kind uses, before IFLA_LINKINFO; for example
    /// IFLA_LINK, the lower device of a macvlan or vlan. Most kinds need none.
    /// </summary>
    public virtual void WriteLinkAttributes(Link link, ref NetlinkWriter writer)
    {
    }

    /// <summary>IFLA_LINK for a kind that lives on a lower device (macvlan, vlan); the lower device is required on add.</summary>
    protected static void WriteLowerDevice(Link link, int lowerIndex, ref NetlinkWriter writer)
    {
        if (lowerIndex <= 0)
        {
            throw new ArgumentException($"{link.Kind} {link.Name}: ParentIndex is required.", nameof(link));
        }

        writer.WriteInt32(LinkAttributeTypes.IFLA_LINK, lowerIndex);
    }

    /// <summary>Writes the kind's attributes inside IFLA_LINKINFO (usually one IFLA_INFO_DATA nest).</summary>
    public abstract void WriteInfoData(Link link, ref NetlinkWriter writer);

    /// <summary>
    /// Creates the kind's record from the reply's name, IFLA_LINK (null when absent) and
    /// IFLA_INFO_DATA (empty when the kernel sent none); the caller fills in the settings every link has.
    /// </summary>
    public abstract Link Decode(string name, int? linkIndex, ReadOnlySpan<byte> infoData);
}
