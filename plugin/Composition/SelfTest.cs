namespace Csnet.Plugin.Composition;

/// <summary>
/// <c>csnet selftest --state-dir DIR</c>: what a trimmed or Native AOT build can break without a
/// compile error, checked on the published binary itself. Every document type makes a round trip
/// through the real stores in a scratch LiteDB file (reflection-mapped documents come back empty
/// when their members were trimmed away), and links of every registered kind make a netlink round
/// trip, plus one libnftables transaction, in a throwaway network namespace. Exit code 0 when all
/// of it matched, 1 otherwise; one line per check on <c>output</c>.
/// </summary>
public static partial class SelfTest
{
    public static int Run(CsnetOptions options, TextWriter output)
    {
        var checks = new (string Name, Func<IReadOnlyList<string>> Check)[]
        {
            ("state: networks", () => WithScratchDatabase(options, NetworkRoundTrip)),
            ("state: endpoints", () => WithScratchDatabase(options, EndpointRoundTrip)),
            ("state: ipam pools and addresses", () => WithScratchDatabase(options, Ipam.IpamStoreSelfTest.Run)),
            ("netlink: links of every registered kind", LinkRoundTrip),
            ("nftables: one transaction through libnftables", NftablesRoundTrip),
        };

        var failed = 0;
        foreach (var (name, check) in checks)
        {
            IReadOnlyList<string> mismatches;
            try
            {
                mismatches = check();
            }
            catch (Exception e)
            {
                mismatches = [$"{e.GetType().Name}: {e.Message}"];
            }
            output.WriteLine($"{(mismatches.Count == 0 ? "ok  " : "FAIL")} {name}");
            foreach (var mismatch in mismatches)
            {
                output.WriteLine($"       {mismatch}");
            }
            failed += mismatches.Count == 0 ? 0 : 1;
        }
        output.WriteLine($"selftest: {checks.Length - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Compares one value; the mismatch names the member, so a trimmed one is easy to spot.</summary>
    private static void Expect<T>(List<string> mismatches, string member, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            mismatches.Add($"{member}: stored {expected}, read back {actual?.ToString() ?? "null"}");
        }
    }
}
