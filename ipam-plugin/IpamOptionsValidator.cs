using Csnet.Common.Addressing;
using Csnet.Ipam.Allocation;
using Microsoft.Extensions.Options;

namespace Csnet.Ipam;

/// <summary>Checks <see cref="IpamOptions"/> at start, listing every problem with the fix.</summary>
internal sealed class IpamOptionsValidator : IValidateOptions<IpamOptions>
{
    // Bounds the candidate walk for automatic pools; 2^16 subnets per entry is far beyond any real list.
    internal const int MaxSplitBits = 16;

    public ValidateOptionsResult Validate(string? name, IpamOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LocalAddressSpace) || options.LocalAddressSpace.Contains('/'))
        {
            problems.Add($"LocalAddressSpace '{options.LocalAddressSpace}' must be a non-empty name without '/'");
        }

        if (string.IsNullOrWhiteSpace(options.GlobalAddressSpace) || options.GlobalAddressSpace.Contains('/'))
        {
            problems.Add($"GlobalAddressSpace '{options.GlobalAddressSpace}' must be a non-empty name without '/'");
        }

        if (options.LocalAddressSpace == options.GlobalAddressSpace)
        {
            problems.Add($"LocalAddressSpace and GlobalAddressSpace are both '{options.LocalAddressSpace}'; give them different names");
        }

        var setting = options.DefaultPoolsSetting;
        if (options.DefaultPools.Count == 0)
        {
            problems.Add($"{setting}: the list is empty; give at least one pool or leave the setting out for Docker's list");
        }

        for (var i = 0; i < options.DefaultPools.Count; i++)
        {
            var entry = options.DefaultPools[i];
            var where = $"{setting}: pool {i + 1} '{entry}'";
            var parsed = IpPrefix.TryParse(entry.Base, out var problem);
            if (parsed is not { } prefix)
            {
                problems.Add($"{where}: base {problem}");
                continue;
            }

            var bits = prefix.Bits;
            if (entry.Size < prefix.PrefixLength || entry.Size > bits || entry.Size - prefix.PrefixLength > MaxSplitBits)
            {
                problems.Add($"{where}: use a size from {prefix.PrefixLength} to {Math.Min(bits, prefix.PrefixLength + MaxSplitBits)} for base {entry.Base}");
            }
        }

        if (options.LanSeenFor <= TimeSpan.Zero)
        {
            problems.Add($"LanSeenFor {options.LanSeenFor} must be positive, like 00:10:00");
        }

        if (options.MaxProbesPerRequest is < 1 or > 64)
        {
            problems.Add($"MaxProbesPerRequest {options.MaxProbesPerRequest} must be from 1 to 64");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
