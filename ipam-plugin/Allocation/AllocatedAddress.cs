using Csnet.Common.Addressing;
namespace Csnet.Ipam.Allocation;

/// <summary>An address handed out; <see cref="Cidr"/> carries the pool's prefix length (<c>10.90.0.5/24</c>).</summary>
internal sealed record AllocatedAddress(string PoolId, IpPrefix Pool, UInt128 Address)
{
    public string Cidr => Pool.FormatCidr(Address);

    public string Text => Pool.FormatAddress(Address);
}
