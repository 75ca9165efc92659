using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Csnet.Plugin.Model;

/// <summary>MAC addresses for container interfaces when the user gave none.</summary>
public static class MacAddresses
{
    /// <summary>
    /// Like Docker's bridge driver: 02:42 followed by the IPv4 address, so the MAC is stable for an
    /// address and locally administered; random (still locally administered, unicast) without one.
    /// </summary>
    public static PhysicalAddress For(IPAddress? ipv4)
    {
        var mac = new byte[6];
        if (ipv4 is { AddressFamily: AddressFamily.InterNetwork })
        {
            mac[0] = 0x02;
            mac[1] = 0x42;
            ipv4.GetAddressBytes().CopyTo(mac, 2);
        }
        else
        {
            RandomNumberGenerator.Fill(mac);
            mac[0] = (byte)((mac[0] & 0xFE) | 0x02);
        }
        return new PhysicalAddress(mac);
    }

    /// <summary>aa:bb:cc:dd:ee:ff, as Docker's Go net.ParseMAC reads it.</summary>
    public static string Format(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2")));

    public static bool TryParse(string? text, out PhysicalAddress? mac)
    {
        mac = null;
        if (string.IsNullOrEmpty(text))
            return false;
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
            return false;
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, null, out bytes[i]))
                return false;
        }
        mac = new PhysicalAddress(bytes);
        return true;
    }
}
