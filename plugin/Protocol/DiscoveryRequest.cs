using System.Text.Json;

namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.DiscoverNew and DiscoverDelete (swarm only): type 1 is a node.</summary>
public sealed record DiscoveryRequest(int? DiscoveryType, JsonElement? DiscoveryData);
