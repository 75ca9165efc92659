namespace Csnet.Plugin.Model;

/// <summary>
/// The one mark csnet puts on what it makes: IFLA_IFALIAS of links and the comment of firewall
/// rules, <c>csnet:&lt;network12&gt;</c> or <c>csnet:&lt;network12&gt;/&lt;endpoint12&gt;</c>, so every kernel
/// object traces back to its record.
/// </summary>
public static class OwnershipTag
{
    public const string Prefix = "csnet:";

    public static string For(string networkId) => Prefix + DockerId.Short(networkId);

    public static string For(string networkId, string endpointId) => $"{For(networkId)}/{DockerId.Short(endpointId)}";
}
