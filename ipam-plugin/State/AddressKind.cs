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

    /// <summary>
    /// An address the network uses itself (a macvlan host shim), reserved by the network driver
    /// (<see cref="PoolAttachment.Reserved"/>). Builds before it read it as Dynamic: still in use.
    /// </summary>
    Reserved,
}
