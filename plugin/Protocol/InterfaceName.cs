namespace Csnet.Plugin.Protocol;

/// <summary>SrcName: a link in the host namespace that the daemon moves into the container and renames to DstPrefix+N.</summary>
public sealed record InterfaceName(string SrcName, string DstPrefix);
