using Csnet.Common.Addressing;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>What a bridge intent records: enough to undo a CreateNetwork that never saved its record.</summary>
internal static class BridgeIntents
{
    public static IReadOnlyDictionary<string, string> ForCreate(BridgeSettings settings)
    {
        var data = new Dictionary<string, string>
        {
            ["Bridge"] = settings.BridgeName,
            ["Owner"] = settings.BridgeOwner.ToString(),
            ["Gateways"] = string.Join(',', settings.GatewaysAdded),
        };
        foreach (var (key, value) in settings.AdoptedOriginals)
            data["Original." + key] = value;
        return data;
    }

    public static string Bridge(Intent intent) => intent.Data["Bridge"];

    public static LinkOwner Owner(Intent intent) => Enum.Parse<LinkOwner>(intent.Data["Owner"]);

    public static IEnumerable<CidrAddress> Gateways(Intent intent) =>
        intent.Data["Gateways"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(CidrAddress.Parse);

    public static IReadOnlyDictionary<string, string> Originals(Intent intent) =>
        intent.Data.Where(d => d.Key.StartsWith("Original.", StringComparison.Ordinal)).ToDictionary(d => d.Key["Original.".Length..], d => d.Value);
}
