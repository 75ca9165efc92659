namespace Csnet.Ipam.Allocation;

/// <summary>An inclusive range of addresses, <c>[Start, End]</c>.</summary>
internal readonly record struct AddressRange(UInt128 Start, UInt128 End)
{
    public bool Contains(UInt128 address) => address >= Start && address <= End;

    public bool IsEmpty => Start > End;
}
