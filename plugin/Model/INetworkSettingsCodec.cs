namespace Csnet.Plugin.Model;

/// <summary>
/// Turns a mode's settings into a flat string map and back. The map is what any store keeps
/// (the embedded database today, a distributed store later), so modes never see a store's document type. A codec
/// reads every map it ever wrote: a key added later gets a default when missing.
/// </summary>
public interface INetworkSettingsCodec
{
    string Mode { get; }

    IReadOnlyDictionary<string, string> Write(NetworkSettings settings);

    /// <exception cref="FormatException">The map is not settings of this mode.</exception>
    NetworkSettings Read(IReadOnlyDictionary<string, string> values);
}
