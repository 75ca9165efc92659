namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>How much a reconcile pass does.</summary>
public enum Sweep
{
    /// <summary>Every network reconciled, then orphans judged: forgotten networks, links, addresses, pools (the timer's pass).</summary>
    Full,

    /// <summary>
    /// Every network reconciled (lost bridges rebuilt, veths put back, stale endpoints dropped),
    /// nothing judged on a sighting: a requested pass, which may come moments after the last one.
    /// </summary>
    RepairOnly,
}
