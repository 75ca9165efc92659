using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Model;

/// <summary>
/// A network as csnet made it, in any mode and with any number of subnets of either family.
/// CreateNetwork is never replayed by the daemon, so this record is the only source for every
/// later call on the network. Values are typed: nothing downstream parses strings.
/// </summary>
public sealed record Network
{
    public required string Id { get; init; }

    /// <summary>The -o mode=… that made it ("bridge"); picks the driver for every later call.</summary>
    public required string Mode { get; init; }

    /// <summary>--internal: no way in or out, no default route.</summary>
    public bool Internal { get; init; }

    /// <summary>--ipv6 was given (Docker sends IPv6Data only then).</summary>
    public bool EnableIPv6 { get; init; }

    public IReadOnlyList<Subnet> Subnets { get; init; } = [];

    /// <summary>What the mode keeps about the network (bridge name, ICC, …), typed by the mode.</summary>
    public required NetworkSettings Settings { get; init; }

    /// <summary>The user's -o options as given, for inspection and later reconcile.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public DateTime CreatedAt { get; init; }

    /// <summary>The store's revision of this record; compare-and-swap writes name the one they read.</summary>
    public long Revision { get; init; }

    public IEnumerable<Subnet> SubnetsOf(AddressFamily family) => Subnets.Where(s => s.Family == family);

    /// <summary>The subnet holding <paramref name="address"/>, or null.</summary>
    public Subnet? SubnetContaining(IPAddress address) => Subnets.FirstOrDefault(s => s.Prefix.Contains(address));

    /// <summary>The settings as the mode's own type; a mismatch is a programming error.</summary>
    public T SettingsAs<T>() where T : NetworkSettings =>
        Settings as T ?? throw new InvalidOperationException($"network {DockerId.Short(Id)} has {Settings.GetType().Name}, not {typeof(T).Name}");
}
