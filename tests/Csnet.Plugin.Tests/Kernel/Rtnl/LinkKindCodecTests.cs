using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class LinkKindCodecTests
{
    public static TheoryData<Link> Records => new()
    {
        new BridgeLink { Name = "br0" },
        new VethLink { Name = "veth0" },
        new MacvlanLink { Name = "mv0" },
        new VlanLink { Name = "eth0.10" },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Find_KindOfEachRecord_ReturnsCodecThatDecodesToThatRecordType(Link record)
    {
        var codec = LinkKindCodec.Find(record.Kind);

        Assert.NotNull(codec);
        Assert.Equal(record.Kind, codec.Kind);
        Assert.IsType(record.GetType(), codec.Decode("x", null, []));
    }

    [Fact]
    public void Registered_EveryCodecInTheAssembly_IsListedOnce()
    {
        // The list is explicit for trimming and AOT; this catches a new codec nobody listed.
        var declared = typeof(LinkKindCodec).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(LinkKindCodec)) && !type.IsAbstract)
            .OrderBy(type => type.FullName)
            .ToList();

        var listed = LinkKindCodec.Registered.Select(codec => codec.GetType()).OrderBy(type => type.FullName).ToList();

        Assert.Equal(declared, listed);
        Assert.Equal(listed.Count, LinkKindCodec.Registered.Select(codec => codec.Kind).Distinct().Count());
    }

    [Fact]
    public void Find_UnknownKind_ReturnsNull()
    {
        Assert.Null(LinkKindCodec.Find("vxlan"));
    }
}
