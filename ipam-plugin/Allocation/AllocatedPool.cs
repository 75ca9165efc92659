using Csnet.Common.Addressing;
namespace Csnet.Ipam.Allocation;

internal sealed record AllocatedPool(string PoolId, IpPrefix Pool, IpPrefix? SubPool);
