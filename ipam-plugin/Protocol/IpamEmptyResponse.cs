namespace Csnet.Ipam.Protocol;

/// <summary>Serialises as <c>{}</c>: the daemon fails to decode an empty 200 body.</summary>
public sealed record IpamEmptyResponse;
