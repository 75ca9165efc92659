using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>One address in use (collection <c>ipam_addresses</c>).</summary>
internal sealed class AddressDocument
{
    /// <summary><c>{PoolId}|{Address}</c>: unique, so the database itself refuses a duplicate address.</summary>
    [BsonId]
    public string Id { get; set; } = "";

    public string PoolId { get; set; } = "";

    /// <summary>The bare address, e.g. <c>10.90.0.5</c>.</summary>
    public string Address { get; set; } = "";

    public AddressKind Kind { get; set; }

    public DateTime CreatedUtc { get; set; }

    public static string MakeId(string poolId, string address) => $"{poolId}|{address}";
}
