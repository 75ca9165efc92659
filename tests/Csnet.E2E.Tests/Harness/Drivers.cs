namespace Csnet.E2E.Tests.Harness;

/// <summary>The drivers every scenario runs against: Docker's own bridge (or macvlan) as the reference, and csnet.</summary>
public static class Drivers
{
    public const string Bridge = "bridge";
    public const string Csnet = "csnet";

    /// <summary>Docker's built-in macvlan driver, the reference for csnet's macvlan mode.</summary>
    public const string Macvlan = "macvlan";

    public static TheoryData<string> All => new() { Bridge, Csnet };

    /// <summary>Macvlan scenarios: Docker's macvlan driver, and csnet with -o mode=macvlan.</summary>
    public static TheoryData<string> MacvlanModes => new() { Macvlan, Csnet };

    /// <summary>
    /// csnet under any name Docker gives it: "csnet" as a plain process, "csnet:latest" or
    /// "127.0.0.1:5000/csnet:TAG" as a managed plugin (the driver name is the plugin reference with its tag).
    /// </summary>
    public static bool IsCsnet(string driver) => driver == Csnet || driver.Split('/')[^1].StartsWith(Csnet + ":", StringComparison.Ordinal);
}
