namespace Csnet.Common.Addressing;

/// <summary>An inclusive range of addresses of one family, <c>[Start, End]</c>, as <see cref="UInt128"/> values.</summary>
public readonly record struct AddressRange(UInt128 Start, UInt128 End)
{
    public bool Contains(UInt128 address) => address >= Start && address <= End;

    public bool IsEmpty => Start > End;
}
