using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>An endpoint a reconcile pass deleted (links, record, ports), and why; its addresses still need releasing.</summary>
public sealed record StaleEndpoint(Endpoint Endpoint, string Reason);
