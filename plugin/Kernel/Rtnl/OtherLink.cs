namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A link of a kind csnet has no record for yet (read-only: loopback, physical NICs, …).</summary>
public sealed record OtherLink : Link
{
    public OtherLink(string kind) => KindName = kind;

    public string KindName { get; }

    public override string Kind => KindName;
}
