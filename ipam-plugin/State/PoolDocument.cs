using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>One pool csnet handed out (collection <c>ipam_pools</c>).</summary>
internal sealed class PoolDocument
{
    /// <summary>The pool ID Docker uses, e.g. <c>LocalDefault/10.90.0.0/24</c>.</summary>
    [BsonId]
    public string Id { get; set; } = "";

    public string AddressSpace { get; set; } = "";

    /// <summary>Canonical CIDR of the pool (<c>--subnet</c>).</summary>
    public string Pool { get; set; } = "";

    /// <summary>Canonical CIDR of the sub-pool (<c>--ip-range</c>), or null.</summary>
    public string? SubPool { get; set; }

    /// <summary>The network using the pool, once the network driver has attached it.</summary>
    public string? NetworkId { get; set; }

    /// <summary>The <c>--ipam-opt</c> values as received; csnet stores them but does not interpret any.</summary>
    public Dictionary<string, string> Options { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
}
