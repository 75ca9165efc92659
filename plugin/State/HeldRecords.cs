using Csnet.Ipam.State;
using Csnet.Plugin.State.Documents;
using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>
/// What a database holds that users made: networks, endpoints, pools and addresses. A database
/// without any (a new one, or one whose plugin ran but never served a network) may be replaced by
/// an import without asking; the schema records, the IPAM's host id and finished intents are not
/// worth a refusal.
/// </summary>
public sealed record HeldRecords(int Networks, int Endpoints, int Pools, int Addresses)
{
    public bool Any => Networks + Endpoints + Pools + Addresses > 0;

    public static HeldRecords Count(ILiteDatabase db) => new(
        Documents(db, NetworkDocument.Collection),
        Documents(db, EndpointDocument.Collection),
        Documents(db, IpamCollections.Pools),
        Documents(db, IpamCollections.Addresses));

    /// <summary>"2 networks, 3 endpoints, 2 pools and 5 addresses".</summary>
    public override string ToString()
    {
        var parts = new[] { (Networks, "network"), (Endpoints, "endpoint"), (Pools, "pool"), (Addresses, "address") }
            .Where(p => p.Item1 > 0)
            .Select(p => $"{p.Item1} {p.Item2}{(p.Item1 == 1 ? "" : p.Item2.EndsWith('s') ? "es" : "s")}")
            .ToList();
        return parts.Count switch
        {
            0 => "nothing",
            1 => parts[0],
            _ => $"{string.Join(", ", parts[..^1])} and {parts[^1]}",
        };
    }

    private static int Documents(ILiteDatabase db, string collection) => db.GetCollection(collection).Count();
}
