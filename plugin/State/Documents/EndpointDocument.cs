using System.Net.Sockets;
using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State.Documents;

/// <summary>
/// An <see cref="Endpoint"/> as a document of collection <c>endpoints</c>, mapped by hand:
/// <code>
/// { _id, Schema, Revision, NetworkId, Addresses: ["10.1.0.2/24", "fd00:1::2/64"], MacAddress,
///   Links: [{ Name, Role: "Host" | "Container" }], SandboxKey, HasPorts, CreatedAt,
///   Ports: [{ Proto: 6, Family: 4 | 6, HostIp: null | "…", HostPort, ContainerPort }] }
/// </code>
/// <c>HasPorts</c> is indexed, so the firewall finds publishing endpoints without a scan.
/// </summary>
internal static class EndpointDocument
{
    public const string Collection = "endpoints";

    public static BsonDocument ToBson(Endpoint endpoint) => new()
    {
        ["_id"] = endpoint.Id,
        [SchemaVersions.VersionField] = PluginSchema.Version,
        [SchemaVersions.RevisionField] = endpoint.Revision,
        ["NetworkId"] = endpoint.NetworkId,
        ["Addresses"] = BsonFields.Array(endpoint.Addresses, a => a.ToString()),
        ["MacAddress"] = BsonFields.Text(endpoint.MacAddress is null ? null : MacAddresses.Format(endpoint.MacAddress)),
        ["Links"] = BsonFields.Array(endpoint.Links, l => new BsonDocument { ["Name"] = l.Name, ["Role"] = l.Role.ToString() }),
        ["SandboxKey"] = BsonFields.Text(endpoint.SandboxKey),
        ["Ports"] = BsonFields.Array(endpoint.Ports, PortToBson),
        ["HasPorts"] = endpoint.Ports.Count > 0,
        ["CreatedAt"] = endpoint.CreatedAt,
    };

    public static Endpoint FromBson(BsonDocument document)
    {
        SchemaVersions.RequireVersion(document, PluginSchema.Version, "endpoint");
        return new Endpoint
        {
            Id = document["_id"].AsString,
            Revision = document[SchemaVersions.RevisionField].AsInt64,
            NetworkId = BsonFields.RequiredText(document, "NetworkId"),
            Addresses = BsonFields.List(document["Addresses"], BsonFields.Cidr),
            MacAddress = MacAddresses.TryParse(BsonFields.OptionalText(document["MacAddress"]), out var mac) ? mac : null,
            Links = BsonFields.List(document["Links"], v => new EndpointLink(v["Name"].AsString, Enum.Parse<LinkRole>(v["Role"].AsString))),
            SandboxKey = BsonFields.OptionalText(document["SandboxKey"]),
            Ports = BsonFields.List(document["Ports"], PortFromBson),
            CreatedAt = document["CreatedAt"].AsDateTime,
        };
    }

    private static BsonValue PortToBson(PublishedPort port) => new BsonDocument
    {
        ["Proto"] = (int)port.Protocol,
        ["Family"] = port.Family == AddressFamily.InterNetworkV6 ? 6 : 4,
        ["HostIp"] = BsonFields.Text(port.HostIp?.ToString()),
        ["HostPort"] = port.HostPort,
        ["ContainerPort"] = port.ContainerPort,
    };

    private static PublishedPort PortFromBson(BsonValue value) => new(
        (IpProtocol)value["Proto"].AsInt32,
        value["Family"].AsInt32 == 6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
        BsonFields.Address(value["HostIp"]),
        value["HostPort"].AsInt32,
        value["ContainerPort"].AsInt32);
}
