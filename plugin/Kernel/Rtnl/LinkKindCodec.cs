using System.Collections.Frozen;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// What one link kind adds to IFLA_LINKINFO: it writes its own IFLA_INFO_DATA on add and turns the
/// kernel's IFLA_INFO_DATA back into its record. Each kind's codec is nested in its record's file
/// (<c>BridgeLink.Codec</c>) and listed once in <see cref="Registered"/>, so a new kind is one new
/// file plus one line there, and no switch grows. The list is explicit rather than found by
/// reflection: a trimmed or Native AOT build keeps only what the code names. Kinds without a codec
/// are written with IFLA_INFO_KIND only and read as <see cref="OtherLink"/>.
/// </summary>
internal abstract class LinkKindCodec
{
    /// <summary>Every kind csnet encodes and decodes beyond IFLA_INFO_KIND.</summary>
    internal static readonly IReadOnlyList<LinkKindCodec> Registered =
    [
        new BridgeLink.Codec(),
        new VethLink.Codec(),
        new MacvlanLink.Codec(),
        new VlanLink.Codec(),
    ];

    private static readonly FrozenDictionary<string, LinkKindCodec> ByKind =
        Registered.ToFrozenDictionary(codec => codec.Kind, StringComparer.Ordinal);

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
