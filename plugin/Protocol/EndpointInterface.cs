namespace Csnet.Plugin.Protocol;

/// <summary>
/// The endpoint's interface. In a request each field is "" when the daemon has no value; in a
/// response only fields the daemon left empty may be set (it rejects changes to fields it set).
/// </summary>
public sealed record EndpointInterface(string? Address, string? AddressIPv6, string? MacAddress);
