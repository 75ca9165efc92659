namespace Csnet.E2E.Tests.Harness;

/// <summary>The drivers every scenario runs against: Docker's own bridge as the reference, and csnet.</summary>
public static class Drivers
{
    public const string Bridge = "bridge";
    public const string Csnet = "csnet";

    public static TheoryData<string> All => new() { Bridge, Csnet };
}
