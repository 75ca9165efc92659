using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>One attribute from an <see cref="AttributeReader"/>: its type (flags masked off) and payload.</summary>
public readonly ref struct NetlinkAttribute
{
    public NetlinkAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    public void Deconstruct(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = Type;
        value = Value;
    }

    public byte GetUInt8() => Read<byte>();

    public ushort GetUInt16() => Read<ushort>();

    public uint GetUInt32() => Read<uint>();

    public int GetInt32() => Read<int>();

    /// <summary>The payload as a string, up to the first NUL (the kernel sends NUL-terminated strings).</summary>
    public string GetString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }

    /// <summary>The payload read as a list of nested attributes.</summary>
    public AttributeReader GetNested() => new(Value);

    private T Read<T>()
        where T : unmanaged
    {
        // Host byte order, like every netlink integer; the size must match exactly.
        if (Value.Length != Unsafe.SizeOf<T>())
        {
            throw new NetlinkFormatException(
                $"Attribute {Type} has {Value.Length} bytes; expected {Unsafe.SizeOf<T>()}.");
        }

        return MemoryMarshal.Read<T>(Value);
    }
}
