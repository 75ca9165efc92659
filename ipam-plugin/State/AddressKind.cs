namespace Csnet.Ipam.State;

/// <summary>How an address was requested; kept for inspection and logs.</summary>
internal enum AddressKind
{
    /// <summary>Lowest free address of the (sub-)pool.</summary>
    Dynamic,

    /// <summary>A specific address: <c>--ip</c> or <c>--aux-address</c>.</summary>
    Explicit,

    /// <summary>The network gateway (<c>RequestAddressType=com.docker.network.gateway</c>).</summary>
    Gateway,
}
