using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>
/// One pool csnet handed out (collection <c>ipam_pools</c>). Mapped to BSON by hand, field by
/// field: no reflection, so trimming and Native AOT cannot silently store empty documents.
/// </summary>
internal sealed class PoolDocument
{
    /// <summary>The pool ID Docker uses, e.g. <c>LocalDefault/10.90.0.0/24</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Bumped by every write; a compare-and-swap write names the revision it read.</summary>
    public long Revision { get; set; }

    public string AddressSpace { get; set; } = "";

    /// <summary>Canonical CIDR of the pool (<c>--subnet</c>).</summary>
    public string Pool { get; set; } = "";

    /// <summary>Canonical CIDR of the sub-pool (<c>--ip-range</c>), or null.</summary>
    public string? SubPool { get; set; }

    /// <summary>The network using the pool, once the network driver has attached it.</summary>
    public string? NetworkId { get; set; }

    /// <summary>
    /// The link where addresses are probed before they are handed out (a macvlan parent), as the
    /// network driver attached it; null: none. Absent in documents written before macvlan.
    /// </summary>
    public string? ProbeLink { get; set; }

    /// <summary>The <c>--ipam-opt</c> values as received; csnet stores them but does not interpret any.</summary>
    public Dictionary<string, string> Options { get; set; } = [];

    public DateTime CreatedUtc { get; set; }

    public BsonDocument ToBson()
    {
        var options = new BsonDocument();
        foreach (var (key, value) in Options)
        {
            options[key] = value;
        }

        return new BsonDocument
        {
            ["_id"] = Id,
            [IpamSchema.VersionField] = IpamSchema.Version,
            [IpamSchema.RevisionField] = Revision,
            ["AddressSpace"] = AddressSpace,
            ["Pool"] = Pool,
            ["SubPool"] = SubPool is null ? BsonValue.Null : SubPool,
            ["NetworkId"] = NetworkId is null ? BsonValue.Null : NetworkId,
            ["ProbeLink"] = ProbeLink is null ? BsonValue.Null : ProbeLink,
            ["Options"] = options,
            ["CreatedUtc"] = CreatedUtc,
        };
    }

    public static PoolDocument FromBson(BsonDocument document)
    {
        IpamSchema.RequireCurrent(document, "pool");
        var options = new Dictionary<string, string>();
        if (document["Options"] is { IsDocument: true } stored)
        {
            foreach (var (key, value) in stored.AsDocument)
            {
                options[key] = value.IsString ? value.AsString : value.ToString();
            }
        }

        return new PoolDocument
        {
            Id = document["_id"].AsString,
            Revision = document[IpamSchema.RevisionField].AsInt64,
            AddressSpace = document["AddressSpace"].AsString,
            Pool = document["Pool"].AsString,
            SubPool = document["SubPool"].IsString ? document["SubPool"].AsString : null,
            NetworkId = document["NetworkId"].IsString ? document["NetworkId"].AsString : null,
            ProbeLink = document["ProbeLink"].IsString ? document["ProbeLink"].AsString : null,
            Options = options,
            CreatedUtc = document["CreatedUtc"].AsDateTime,
        };
    }
}
