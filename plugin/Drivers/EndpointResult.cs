using System.Net.NetworkInformation;

namespace Csnet.Plugin.Drivers;

/// <summary>What CreateEndpoint tells the daemon: only values the daemon did not set itself.</summary>
public sealed record EndpointResult(PhysicalAddress? GeneratedMacAddress);
