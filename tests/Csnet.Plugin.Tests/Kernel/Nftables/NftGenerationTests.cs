using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

public sealed class NftGenerationTests
{
    [Fact]
    public void Parse_NewGenPayload_BigEndianId()
    {
        // nfgenmsg (family, version, res_id) then NFTA_GEN_ID (len 8, type 1) = 300, network byte order.
        byte[] payload = [0, 0, 0, 0, 8, 0, 1, 0, 0, 0, 1, 44];
        Assert.Equal(300u, NftGeneration.Parse(payload));
    }

    [Fact]
    public void Parse_NoIdAttribute_Null() => Assert.Null(NftGeneration.Parse([0, 0, 0, 0]));
}
