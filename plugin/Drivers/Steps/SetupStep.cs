namespace Csnet.Plugin.Drivers.Steps;

/// <summary>One named, reversible piece of kernel or state work. Undo runs only if Apply finished.</summary>
public sealed record SetupStep(string Name, Action Apply, Action Undo)
{
    public static readonly Action Nothing = static () => { };
}
