namespace Csnet.Plugin.Kernel.Proc;

/// <summary>net.ipv4.ip_forward: routed and masqueraded traffic needs it.</summary>
public interface IIpForwarding
{
    void EnableIPv4();
}
