namespace Csnet.Ipam;

/// <summary>
/// A range automatic pools are cut from, like dockerd's <c>default-address-pools</c> entries:
/// <c>Base</c> 172.20.0.0/14 with <c>Size</c> 16 gives 172.20.0.0/16 … 172.23.0.0/16.
/// </summary>
public sealed record IpamDefaultPool(string Base, int Size);
