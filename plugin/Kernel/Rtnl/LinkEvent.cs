namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// RTM_NEWLINK (a link was added or changed: renamed, up or down, moved) or RTM_DELLINK. The link
/// is as the kernel described it in the notification; a deletion still carries its name, kind and
/// IFLA_IFALIAS.
/// </summary>
public sealed record LinkEvent(Link Link, bool Deleted) : RtnlEvent;
