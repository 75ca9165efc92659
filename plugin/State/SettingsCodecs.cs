using Csnet.Plugin.Model;

namespace Csnet.Plugin.State;

/// <summary>The settings codec of every mode this build has; modes without one are kept as <see cref="OpaqueSettings"/>.</summary>
public sealed class SettingsCodecs(IEnumerable<INetworkSettingsCodec> codecs)
{
    private readonly IReadOnlyDictionary<string, INetworkSettingsCodec> _byMode = codecs.ToDictionary(c => c.Mode, StringComparer.Ordinal);

    public INetworkSettingsCodec For(string mode) =>
        _byMode.TryGetValue(mode, out var codec) ? codec : new OpaqueCodec(mode);

    private sealed class OpaqueCodec(string mode) : INetworkSettingsCodec
    {
        public string Mode => mode;

        public IReadOnlyDictionary<string, string> Write(NetworkSettings settings) =>
            settings is OpaqueSettings opaque ? opaque.Values : throw new InvalidOperationException($"no settings codec for mode {mode}");

        public NetworkSettings Read(IReadOnlyDictionary<string, string> values) => new OpaqueSettings(mode, values);
    }
}
