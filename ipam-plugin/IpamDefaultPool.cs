namespace Csnet.Ipam;

/// <summary>
/// A range automatic pools are cut from, like dockerd's <c>default-address-pools</c> entries:
/// <c>Base</c> 172.20.0.0/14 with <c>Size</c> 16 gives 172.20.0.0/16 … 172.23.0.0/16.
/// </summary>
public sealed record IpamDefaultPool(string Base, int Size)
{
    /// <summary>
    /// Reads pools in the syntax of dockerd's <c>--default-address-pool</c> flag, several separated
    /// by white space: <c>base=10.10.0.0/16,size=24 base=10.20.0.0/16,size=24</c>. Only the syntax is
    /// checked here (any address family); whether a base and size make sense is
    /// <see cref="IpamOptionsValidator"/>'s job. Returns the pools, or every problem found.
    /// </summary>
    public static (IReadOnlyList<IpamDefaultPool> Pools, IReadOnlyList<string> Problems) ParseList(string text)
    {
        var pools = new List<IpamDefaultPool>();
        var problems = new List<string>();
        var entries = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            problems.Add("no pool given; write base=CIDR,size=PREFIXLEN, several separated by spaces");
        }

        for (var i = 0; i < entries.Length; i++)
        {
            var (pool, problem) = Parse(entries[i]);
            if (pool is not null)
            {
                pools.Add(pool);
            }
            else
            {
                problems.Add($"pool {i + 1} '{entries[i]}': {problem} (write base=CIDR,size=PREFIXLEN, for example base=10.10.0.0/16,size=24)");
            }
        }

        return (pools, problems);
    }

    /// <summary>dockerd's syntax, so messages quote a pool the way the user wrote it.</summary>
    public override string ToString() => $"base={Base},size={Size}";

    // dockerd reads the entry as one CSV record of key=value fields; keys are case-insensitive there too.
    private static (IpamDefaultPool? Pool, string? Problem) Parse(string entry)
    {
        string? poolBase = null;
        int? size = null;
        foreach (var field in entry.Split(','))
        {
            if (field.Split('=', 2) is not [var rawKey, var value])
            {
                return (null, $"'{field}' is not a key=value pair");
            }

            switch (rawKey.ToLowerInvariant())
            {
                case "base" when poolBase is not null:
                case "size" when size is not null:
                    return (null, $"{rawKey} is given twice");
                case "base":
                    poolBase = value;
                    break;
                case "size" when int.TryParse(value, System.Globalization.NumberStyles.None, null, out var parsed):
                    size = parsed;
                    break;
                case "size":
                    return (null, $"size '{value}' is not a whole number");
                default:
                    return (null, $"unknown key '{rawKey}'; only base and size are allowed");
            }
        }

        if (poolBase is null || size is null)
        {
            return (null, poolBase is null ? "base is missing" : "size is missing");
        }

        return (new IpamDefaultPool(poolBase, size.Value), null);
    }
}
