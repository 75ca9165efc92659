namespace Csnet.Plugin.Drivers;

/// <summary>Option values every mode that makes links reads the same way (Docker's spellings and bounds).</summary>
public static class LinkOptionValues
{
    /// <summary>
    /// com.docker.network.driver.mtu: 68 (IPv4's minimum) to 65535; "0", as Docker writes "no MTU",
    /// is the kernel's default (null). Null when the value is neither: the caller reports <see cref="NotAnMtu"/>.
    /// </summary>
    public static bool TryParseMtu(string value, out int? mtu)
    {
        mtu = null;
        if (value == "0")
            return true;
        if (!int.TryParse(value, out var parsed) || parsed is < 68 or > 65535)
            return false;
        mtu = parsed;
        return true;
    }

    public static string NotAnMtu(string key, string value) => $"option {key}: '{value}' is not a number from 68 to 65535";

    public static string NotAnInterfaceName(string key, string value) =>
        $"option {key}: '{value}' is not a valid interface name (1 to 15 characters, no '/', ':' or spaces)";
}
