namespace Csnet.Plugin.Model;

/// <summary>
/// Settings of a mode this build does not have (a network made by a newer csnet): kept as stored,
/// so reading and writing the record back loses nothing, while every call on it is refused.
/// </summary>
public sealed record OpaqueSettings(string ModeName, IReadOnlyDictionary<string, string> Values) : NetworkSettings
{
    public override string Mode => ModeName;
}
