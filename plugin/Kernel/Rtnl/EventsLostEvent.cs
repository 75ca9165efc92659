namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// The socket's receive buffer overflowed (ENOBUFS) and the kernel dropped notifications: anything
/// may have changed, so whatever was derived from events must be read again.
/// </summary>
public sealed record EventsLostEvent : RtnlEvent;
