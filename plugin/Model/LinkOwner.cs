namespace Csnet.Plugin.Model;

/// <summary>Who made a kernel object: delete removes only csnet's own.</summary>
public enum LinkOwner
{
    Csnet,
    Existing,
}
