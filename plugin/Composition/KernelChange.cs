namespace Csnet.Plugin.Composition;

/// <summary>What a kernel notification calls for (see <see cref="KernelEventClassifier"/>).</summary>
[Flags]
public enum KernelChange
{
    None = 0,

    /// <summary>The host's uplinks may differ: read them again, and the firewall rules that exempt them.</summary>
    Uplinks = 1,

    /// <summary>A csnet bridge may be gone: reconcile now rather than at the next tick.</summary>
    Reconcile = 2,
}
