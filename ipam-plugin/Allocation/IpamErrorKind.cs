namespace Csnet.Ipam.Allocation;

public enum IpamErrorKind
{
    InvalidRequest,
    NotSupported,
    NotFound,
    Conflict,
    Exhausted,
}
