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
}
