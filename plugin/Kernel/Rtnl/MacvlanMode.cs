namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>enum macvlan_mode from linux/if_link.h (values are the kernel's bit flags).</summary>
public enum MacvlanMode : uint
{
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}
