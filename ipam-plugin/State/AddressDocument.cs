using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>One address in use (collection <c>ipam_addresses</c>), mapped to BSON by hand like <see cref="PoolDocument"/>.</summary>
internal sealed class AddressDocument
{
    /// <summary><c>{PoolId}|{Address}</c>: unique, so the database itself refuses a duplicate address.</summary>
    public string Id { get; set; } = "";

    /// <summary>Addresses are only inserted and deleted, never changed: the revision stays 1.</summary>
    public long Revision { get; set; } = 1;

    public string PoolId { get; set; } = "";

    /// <summary>The bare address, e.g. <c>10.90.0.5</c> or <c>fd00:90::5</c>.</summary>
    public string Address { get; set; } = "";

    public AddressKind Kind { get; set; }

    public DateTime CreatedUtc { get; set; }

    public static string MakeId(string poolId, string address) => $"{poolId}|{address}";

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        [IpamSchema.VersionField] = IpamSchema.Version,
        [IpamSchema.RevisionField] = Revision,
        ["PoolId"] = PoolId,
        ["Address"] = Address,
        ["Kind"] = Kind.ToString(),
        ["CreatedUtc"] = CreatedUtc,
    };

    public static AddressDocument FromBson(BsonDocument document)
    {
        IpamSchema.RequireCurrent(document, "address");
        return new AddressDocument
        {
            Id = document["_id"].AsString,
            Revision = document[IpamSchema.RevisionField].AsInt64,
            PoolId = document["PoolId"].AsString,
            Address = document["Address"].AsString,
            Kind = Enum.TryParse<AddressKind>(document["Kind"].AsString, out var kind) ? kind : AddressKind.Dynamic,
            CreatedUtc = document["CreatedUtc"].AsDateTime,
        };
    }
}
