using Csnet.Common.Addressing;
using Csnet.Common.Storage;
using Csnet.Plugin.State.Documents;
using LiteDB;

namespace Csnet.Plugin.State.Schema;

/// <summary>
/// Version 1 → 2. Version 1 was written by LiteDB's reflection mapper from records shaped like one
/// bridge with one IPv4 subnet (fields absent when null):
/// <code>
/// networks:  { _id, Mode, BridgeName, BridgeOwner, Mtu?, Masquerade, Internal, Icc, SnatAddress?,
///              HostBindingIpv4, DstPrefix, Subnets: [{ Pool, Gateway?, GatewayAddressAdded }], Options, CreatedAt }
/// endpoints: { _id, NetworkId, HostVeth, ContainerVeth, Address?, MacAddress, SandboxKey?,
///              Ports: [{ Proto, HostIp?, HostPort, ContainerPort }], CreatedAt }
/// </code>
/// Every version-1 network is a bridge network; its bridge fields become the bridge mode's settings
/// map with the keys that mode read at version 2. The keys are written out here rather than taken
/// from the bridge code: a migration is history, and must not change when the bridge code does.
/// </summary>
internal static class MigrationFromV1
{
    public static void Apply(ILiteDatabase db)
    {
        var networks = db.GetCollection(NetworkDocument.Collection);
        foreach (var old in networks.FindAll().ToList())
            networks.Update(Network(old));

        var endpoints = db.GetCollection(EndpointDocument.Collection);
        foreach (var old in endpoints.FindAll().ToList())
            endpoints.Update(Endpoint(old));
    }

    private static BsonDocument Network(BsonDocument old)
    {
        var subnets = new BsonArray();
        var gatewaysAdded = new List<string>();
        foreach (var item in Array(old["Subnets"]))
        {
            var pool = IpPrefix.Parse(item["Pool"].AsString);
            // Version 1 kept Docker's CIDR text for the gateway ("10.0.0.1/24").
            var gateway = item["Gateway"].IsString ? CidrAddress.Parse(item["Gateway"].AsString) : (CidrAddress?)null;
            subnets.Add(new BsonDocument
            {
                ["Prefix"] = pool.ToString(),
                ["Gateway"] = gateway is { } g ? g.Address.ToString() : BsonValue.Null,
                ["Aux"] = new BsonDocument(),
            });
            if (gateway is { } added && item["GatewayAddressAdded"].IsBoolean && item["GatewayAddressAdded"].AsBoolean)
                gatewaysAdded.Add(added.ToString());
        }

        var settings = new BsonDocument
        {
            ["BridgeName"] = old["BridgeName"].AsString,
            ["BridgeOwner"] = old["BridgeOwner"].IsString ? old["BridgeOwner"].AsString : "Csnet",
            ["Icc"] = Flag(old["Icc"], true),
            ["Masquerade"] = Flag(old["Masquerade"], true),
            ["GatewayModeIPv4"] = "nat",
            ["GatewayModeIPv6"] = "nat",
            ["HostBindingIPv4"] = old["HostBindingIpv4"].IsString ? old["HostBindingIpv4"].AsString : "0.0.0.0",
            ["ContainerIfacePrefix"] = old["DstPrefix"].IsString ? old["DstPrefix"].AsString : "eth",
            ["GatewaysAdded"] = string.Join(',', gatewaysAdded),
        };
        if (old["Mtu"].IsNumber)
            settings["Mtu"] = old["Mtu"].AsInt32.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (old["SnatAddress"].IsString)
            settings["HostIPv4"] = old["SnatAddress"].AsString;

        return new BsonDocument
        {
            ["_id"] = old["_id"],
            [SchemaVersions.VersionField] = 2,
            [SchemaVersions.RevisionField] = 1L,
            ["Mode"] = old["Mode"].IsString ? old["Mode"].AsString : "bridge",
            ["Internal"] = old["Internal"].IsBoolean && old["Internal"].AsBoolean,
            ["EnableIPv6"] = false,
            ["Subnets"] = subnets,
            ["Settings"] = settings,
            ["Options"] = old["Options"].IsDocument ? old["Options"] : new BsonDocument(),
            ["CreatedAt"] = old["CreatedAt"],
        };
    }

    private static BsonDocument Endpoint(BsonDocument old)
    {
        var ports = new BsonArray(Array(old["Ports"]).Select(p => (BsonValue)new BsonDocument
        {
            ["Proto"] = p["Proto"].AsInt32,
            // Version 1 published IPv4 only.
            ["Family"] = 4,
            ["HostIp"] = p["HostIp"].IsString ? p["HostIp"] : BsonValue.Null,
            ["HostPort"] = p["HostPort"].AsInt32,
            ["ContainerPort"] = p["ContainerPort"].AsInt32,
        }));
        var addresses = new BsonArray();
        if (old["Address"].IsString)
            addresses.Add(old["Address"].AsString);

        return new BsonDocument
        {
            ["_id"] = old["_id"],
            [SchemaVersions.VersionField] = 2,
            [SchemaVersions.RevisionField] = 1L,
            ["NetworkId"] = old["NetworkId"],
            ["Addresses"] = addresses,
            ["MacAddress"] = old["MacAddress"].IsString && old["MacAddress"].AsString.Length > 0 ? old["MacAddress"] : BsonValue.Null,
            ["Links"] = new BsonArray
            {
                new BsonDocument { ["Name"] = old["HostVeth"].AsString, ["Role"] = "Host" },
                new BsonDocument { ["Name"] = old["ContainerVeth"].AsString, ["Role"] = "Container" },
            },
            ["SandboxKey"] = old["SandboxKey"].IsString ? old["SandboxKey"] : BsonValue.Null,
            ["Ports"] = ports,
            ["HasPorts"] = ports.Count > 0,
            ["CreatedAt"] = old["CreatedAt"],
        };
    }

    private static IEnumerable<BsonDocument> Array(BsonValue value) =>
        value.IsArray ? value.AsArray.Where(v => v.IsDocument).Select(v => v.AsDocument) : [];

    private static string Flag(BsonValue value, bool missing) =>
        (value.IsBoolean ? value.AsBoolean : missing) ? "true" : "false";
}
