using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.LegacyXtables;

/// <summary>
/// Reads the legacy filter table the way iptables-legacy does: getsockopt IPT_SO_GET_INFO and
/// IPT_SO_GET_ENTRIES (IP6T_ for IPv6) on an inet socket. A UDP socket serves (CAP_NET_ADMIN is all
/// the kernel asks), so the managed plugin needs no CAP_NET_RAW. The table is looked up in
/// /proc/thread-self/net first: asking the kernel for a table it does not have would load
/// iptable_filter and create one.
/// </summary>
public sealed unsafe class LegacyXtablesReader : ILegacyXtables
{
    // linux/netfilter_ipv4/ip_tables.h and netfilter_ipv6/ip6_tables.h: IPT_BASE_CTL + 0 / + 1.
    private const int SoGetInfo = 64;
    private const int SoGetEntries = 65;
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int NfInetForward = 2;
    private const int TableNameLength = 32;
    private const int GetInfoSize = 84;
    private const int GetEntriesHeader = 40;
    private const int VerdictAccept = -2;
    private const int VerdictDrop = -1;

    public LegacyForwardChain? Forward(AddressFamily family)
    {
        var layout = EntryLayout.For(family);
        if (!HasFilterTable(layout.NamesFile))
            return null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Read(family, layout);
            }
            catch (SystemCallException error) when (error.Errno == EAGAIN && attempt < 3)
            {
                // The table changed between the two reads (iptables-legacy ran); read it again.
            }
        }
    }

    private static bool HasFilterTable(string namesFile)
    {
        var path = Path.Combine("/proc/thread-self/net", namesFile);
        return File.Exists(path) && File.ReadAllLines(path).Any(l => l.Trim() == "filter");
    }

    private static LegacyForwardChain Read(AddressFamily family, EntryLayout layout)
    {
        var fd = socket(family == AddressFamily.InterNetwork ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new SystemCallException("socket(inet, dgram) for the legacy filter table", errno);
        try
        {
            var info = new byte[GetInfoSize];
            WriteName(info);
            GetOption(fd, layout.Level, SoGetInfo, info, "IPT_SO_GET_INFO filter");
            var validHooks = BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(32));
            var hookEntry = (int)BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(36 + NfInetForward * 4));
            var underflow = (int)BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(56 + NfInetForward * 4));
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(80));
            if ((validHooks & (1u << NfInetForward)) == 0)
                return new LegacyForwardChain(family, false, []);

            var entries = new byte[GetEntriesHeader + size];
            WriteName(entries);
            BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(TableNameLength), (uint)size);
            GetOption(fd, layout.Level, SoGetEntries, entries, "IPT_SO_GET_ENTRIES filter");
            var table = entries.AsSpan(GetEntriesHeader, size);
            return new LegacyForwardChain(family, Verdict(table, underflow, layout) == VerdictDrop, Accepts(table, hookEntry, underflow, layout));
        }
        finally
        {
            close(fd);
        }
    }

    // The chain's rules run from its hook entry to its policy (the underflow entry).
    private static List<LegacyAccept> Accepts(ReadOnlySpan<byte> table, int from, int policy, EntryLayout layout)
    {
        var accepts = new List<LegacyAccept>();
        for (var offset = from; offset < policy;)
        {
            var entry = table[offset..];
            var next = BinaryPrimitives.ReadUInt16LittleEndian(entry[(layout.TargetOffset + 2)..]);
            if (next == 0)
                break;
            if (IsInterfaceOnly(entry, layout) && Verdict(table, offset, layout) == VerdictAccept)
            {
                accepts.Add(new LegacyAccept(
                    Interface(entry.Slice(layout.InInterface, 16), entry.Slice(layout.InInterface + 32, 16)),
                    Interface(entry.Slice(layout.InInterface + 16, 16), entry.Slice(layout.InInterface + 48, 16))));
            }
            offset += next;
        }
        return accepts;
    }

    // No address, protocol, flag or inversion, and the target right after the entry (no matches).
    private static bool IsInterfaceOnly(ReadOnlySpan<byte> entry, EntryLayout layout) =>
        !entry[..layout.InInterface].ContainsAnyExcept((byte)0)
        && !entry.Slice(layout.Protocol, layout.ConditionBytes).ContainsAnyExcept((byte)0)
        && BinaryPrimitives.ReadUInt16LittleEndian(entry[layout.TargetOffset..]) == layout.EntrySize;

    // A standard target (xt_entry_target with an empty name) holds its verdict after the 32-byte header.
    private static int Verdict(ReadOnlySpan<byte> table, int offset, EntryLayout layout)
    {
        var entry = table[offset..];
        var target = entry[BinaryPrimitives.ReadUInt16LittleEndian(entry[layout.TargetOffset..])..];
        return target[2] != 0 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(target[32..]);
    }

    // The kernel compares a name only where its mask is set: iptables masks every character and
    // the terminating NUL for an exact name, and only the characters before the '+' of a prefix.
    private static string? Interface(ReadOnlySpan<byte> name, ReadOnlySpan<byte> mask)
    {
        var masked = mask.IndexOfAnyExcept((byte)0xFF);
        if (masked < 0)
            masked = mask.Length;
        if (masked == 0)
            return null;
        var length = name.IndexOf((byte)0);
        if (length < 0)
            length = name.Length;
        return masked > length
            ? Encoding.ASCII.GetString(name[..length])
            : Encoding.ASCII.GetString(name[..masked]) + "+";
    }

    private static void WriteName(byte[] buffer) => Encoding.ASCII.GetBytes("filter", buffer);

    private static void GetOption(int fd, int level, int option, byte[] buffer, string what)
    {
        fixed (byte* data = buffer)
        {
            socklen_t length = (uint)buffer.Length;
            if (getsockopt(fd, level, option, data, &length) < 0)
                throw new SystemCallException($"getsockopt({what})", errno);
        }
    }

    /// <summary>Offsets in struct ipt_entry / ip6t_entry (64-bit layout) that the reader needs.</summary>
    private sealed record EntryLayout(string NamesFile, int Level, int InInterface, int Protocol, int ConditionBytes, int TargetOffset, int EntrySize)
    {
        // ipt_ip: 4 addresses of 4 bytes, 4 interface fields of 16, proto (2), flags, invflags.
        private static readonly EntryLayout IPv4 = new("ip_tables_names", SolIp, 16, 80, 4, 88, 112);

        // ip6t_ip6: 4 addresses of 16 bytes, 4 interface fields of 16, proto (2), tos, flags, invflags.
        private static readonly EntryLayout IPv6 = new("ip6_tables_names", SolIpv6, 64, 128, 5, 140, 168);

        public static EntryLayout For(AddressFamily family) => family == AddressFamily.InterNetwork ? IPv4 : IPv6;
    }
}
