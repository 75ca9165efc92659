namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>Asks for a reconcile pass now instead of at the next tick (a csnet bridge was deleted under it).</summary>
public interface IReconcileTrigger
{
    /// <summary>Returns at once; requests that come close together are answered by one pass.</summary>
    void RequestPass();
}
