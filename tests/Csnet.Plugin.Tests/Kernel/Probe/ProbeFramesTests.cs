using System.Net;
using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Probe;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Probe;

public sealed class ProbeFramesTests
{
    private static readonly PhysicalAddress Own = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress Holder = PhysicalAddress.Parse("02-00-00-00-42-02");

    [Fact]
    public void ArpProbe_IPv4Target_MatchesFixture()
    {
        Assert.Equal(
            "FFFFFFFFFFFF" + "020000000001" + "0806" +   // Ethernet: broadcast, from the parent, ARP
            "0001" + "0800" + "06" + "04" + "0001" +     // Ethernet/IPv4, request
            "020000000001" + "00000000" +                // sender: the parent's MAC, 0.0.0.0 (RFC 5227 probe)
            "000000000000" + "0A2A0002" +                // target: unknown MAC, 10.42.0.2
            new string('0', 36),                         // padding to the 60-byte minimum frame
            Convert.ToHexString(ProbeFrames.ArpProbe(Own, IPAddress.Parse("10.42.0.2"))));
    }

    [Fact]
    public void NeighbourSolicitation_IPv6Target_MatchesFixture()
    {
        Assert.Equal(
            "3333FF000002" + "020000000001" + "86DD" +            // Ethernet: the solicited-node group's MAC
            "60000000" + "0018" + "3A" + "FF" +                   // IPv6: 24 bytes of ICMPv6, hop limit 255
            "00000000000000000000000000000000" +                  // from :: (duplicate address detection)
            "FF0200000000000000000001FF000002" +                  // to ff02::1:ff00:2
            "87" + "00" + "7D05" + "00000000" +                   // ICMPv6 neighbour solicitation, checksum
            "FD5C0042000000000000000000000002",                   // target fd5c:42::2, no options
            Convert.ToHexString(ProbeFrames.NeighbourSolicitation(Own, IPAddress.Parse("fd5c:42::2"))));
    }

    [Fact]
    public void ArpProbe_IPv6Target_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProbeFrames.ArpProbe(Own, IPAddress.Parse("fd5c:42::2")));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void ArpHolder_ReplyOrRequestFromTheTarget_ReturnsSenderMac(int operation)
    {
        Assert.Equal(Holder, ProbeFrames.ArpHolder(Arp(operation, "10.42.0.2"), IPAddress.Parse("10.42.0.2")));
    }

    [Theory]
    [InlineData("10.42.0.3")]
    [InlineData("0.0.0.0")]
    public void ArpHolder_SenderIsAnotherAddress_ReturnsNull(string sender)
    {
        Assert.Null(ProbeFrames.ArpHolder(Arp(2, sender), IPAddress.Parse("10.42.0.2")));
    }

    [Fact]
    public void ArpHolder_TruncatedFrame_ReturnsNull()
    {
        Assert.Null(ProbeFrames.ArpHolder(Arp(2, "10.42.0.2")[..30], IPAddress.Parse("10.42.0.2")));
    }

    [Fact]
    public void AdvertisementHolder_WithTargetLinkLayerOption_ReturnsTheOptionsMac()
    {
        var frame = Advertisement("fd5c:42::2", hopLimit: 255, option: PhysicalAddress.Parse("02-00-00-00-42-99"));

        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-42-99"), ProbeFrames.AdvertisementHolder(frame, IPAddress.Parse("fd5c:42::2")));
    }

    [Fact]
    public void AdvertisementHolder_WithoutOption_ReturnsTheFramesSource()
    {
        var frame = Advertisement("fd5c:42::2", hopLimit: 255, option: null);

        Assert.Equal(Holder, ProbeFrames.AdvertisementHolder(frame, IPAddress.Parse("fd5c:42::2")));
    }

    [Fact]
    public void AdvertisementHolder_RoutedAdvertisement_ReturnsNull()
    {
        Assert.Null(ProbeFrames.AdvertisementHolder(Advertisement("fd5c:42::2", hopLimit: 64, option: null), IPAddress.Parse("fd5c:42::2")));
    }

    [Fact]
    public void AdvertisementHolder_OtherTarget_ReturnsNull()
    {
        Assert.Null(ProbeFrames.AdvertisementHolder(Advertisement("fd5c:42::3", hopLimit: 255, option: null), IPAddress.Parse("fd5c:42::2")));
    }

    [Fact]
    public void Holders_RandomBytes_NeverThrow()
    {
        var random = new Random(14);
        var v4 = IPAddress.Parse("10.42.0.2");
        var v6 = IPAddress.Parse("fd5c:42::2");
        for (var i = 0; i < 20_000; i++)
        {
            var frame = new byte[random.Next(0, 120)];
            random.NextBytes(frame);
            if (frame.Length >= 14 && i % 2 == 0)
            {
                // Half of them look like the right EtherType, so the parsers get past the first check.
                frame[12] = i % 4 == 0 ? (byte)0x08 : (byte)0x86;
                frame[13] = i % 4 == 0 ? (byte)0x06 : (byte)0xDD;
            }

            ProbeFrames.ArpHolder(frame, v4);
            ProbeFrames.AdvertisementHolder(frame, v6);
        }
    }

    private static byte[] Arp(int operation, string sender) => Convert.FromHexString(
        "020000000001" + "020000004202" + "0806" + "0001" + "0800" + "06" + "04" + $"000{operation}" +
        "020000004202" + Convert.ToHexString(IPAddress.Parse(sender).GetAddressBytes()) +
        "020000000001" + "00000000");

    private static byte[] Advertisement(string target, byte hopLimit, PhysicalAddress? option)
    {
        var optionHex = option is null ? "" : "0201" + Convert.ToHexString(option.GetAddressBytes());
        var payload = 24 + optionHex.Length / 2;
        return Convert.FromHexString(
            "333300000001" + "020000004202" + "86DD" +
            "60000000" + payload.ToString("X4") + "3A" + hopLimit.ToString("X2") +
            "FE800000000000000000000000004202" + "FF020000000000000000000000000001" +
            "88" + "00" + "0000" + "20000000" + Convert.ToHexString(IPAddress.Parse(target).GetAddressBytes()) + optionHex);
    }
}
