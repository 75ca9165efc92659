namespace Csnet.Plugin.Model;

/// <summary>A kernel link an endpoint owns, by name and what it is for.</summary>
public sealed record EndpointLink(string Name, LinkRole Role);

public enum LinkRole
{
    /// <summary>Stays in the host namespace (the veth end on the bridge).</summary>
    Host,

    /// <summary>Handed to the daemon as SrcName; it moves into the container and back on Leave.</summary>
    Container,
}
