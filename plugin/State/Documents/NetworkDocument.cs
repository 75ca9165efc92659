using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State.Documents;

/// <summary>
/// A <see cref="Network"/> as a document of collection <c>networks</c>, schema version
/// <see cref="PluginSchema.Version"/>, mapped by hand (no reflection: trimming and AOT safe):
/// <code>
/// { _id, Schema, Revision, Mode, Internal, EnableIPv6, CreatedAt,
///   Subnets: [{ Prefix: "10.1.0.0/24", Gateway: "10.1.0.1" | null, Aux: { name: "10.1.0.5" } }],
///   Settings: { mode's string map }, Options: { user's -o } }
/// </code>
/// </summary>
internal static class NetworkDocument
{
    public const string Collection = "networks";

    public static BsonDocument ToBson(Network network, INetworkSettingsCodec codec) => new()
    {
        ["_id"] = network.Id,
        [SchemaVersions.VersionField] = PluginSchema.Version,
        [SchemaVersions.RevisionField] = network.Revision,
        ["Mode"] = network.Mode,
        ["Internal"] = network.Internal,
        ["EnableIPv6"] = network.EnableIPv6,
        ["Subnets"] = BsonFields.Array(network.Subnets, SubnetToBson),
        ["Settings"] = BsonFields.Map(codec.Write(network.Settings)),
        ["Options"] = BsonFields.Map(network.Options),
        ["CreatedAt"] = network.CreatedAt,
    };

    public static Network FromBson(BsonDocument document, Func<string, INetworkSettingsCodec> codecFor)
    {
        SchemaVersions.RequireVersion(document, PluginSchema.Version, "network");
        var mode = BsonFields.RequiredText(document, "Mode");
        return new Network
        {
            Id = document["_id"].AsString,
            Revision = document[SchemaVersions.RevisionField].AsInt64,
            Mode = mode,
            Internal = document["Internal"].AsBoolean,
            EnableIPv6 = document["EnableIPv6"].AsBoolean,
            Subnets = BsonFields.List(document["Subnets"], SubnetFromBson),
            Settings = codecFor(mode).Read(BsonFields.Map(document["Settings"])),
            Options = BsonFields.Map(document["Options"]),
            CreatedAt = document["CreatedAt"].AsDateTime,
        };
    }

    private static BsonValue SubnetToBson(Subnet subnet) => new BsonDocument
    {
        ["Prefix"] = subnet.Prefix.ToString(),
        ["Gateway"] = BsonFields.Text(subnet.Gateway?.ToString()),
        ["Aux"] = BsonFields.Map(subnet.AuxAddresses.ToDictionary(a => a.Key, a => a.Value.ToString())),
    };

    private static Subnet SubnetFromBson(BsonValue value)
    {
        var subnet = value.AsDocument;
        return new Subnet(
            BsonFields.Prefix(subnet["Prefix"]),
            BsonFields.Address(subnet["Gateway"]),
            BsonFields.Map(subnet["Aux"]).ToDictionary(a => a.Key, a => System.Net.IPAddress.Parse(a.Value)));
    }
}
