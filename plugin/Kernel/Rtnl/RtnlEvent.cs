namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// A notification from an <see cref="RtnlEventListener"/>: <see cref="DefaultRouteEvent"/>,
/// <see cref="LinkEvent"/> or <see cref="EventsLostEvent"/>. Only what csnet reacts to is parsed.
/// </summary>
public abstract record RtnlEvent;
