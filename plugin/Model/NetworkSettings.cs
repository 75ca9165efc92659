namespace Csnet.Plugin.Model;

/// <summary>
/// What one mode keeps about a network, as its own sealed record in the mode's folder
/// (Drivers/Bridge/BridgeSettings). The store persists it through the mode's
/// <see cref="INetworkSettingsCodec"/>, so a new mode brings its settings without touching State.
/// </summary>
public abstract record NetworkSettings
{
    /// <summary>The mode these settings belong to; selects the codec.</summary>
    public abstract string Mode { get; }

    /// <summary>The host link the network hangs off (its bridge, its macvlan parent), for csnetctl; null when none.</summary>
    public virtual string? HostLink => null;
}
