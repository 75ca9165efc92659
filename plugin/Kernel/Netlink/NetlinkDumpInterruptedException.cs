namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>A dump kept changing while it was read (NLM_F_DUMP_INTR on every attempt).</summary>
public sealed class NetlinkDumpInterruptedException : Exception
{
    public NetlinkDumpInterruptedException(string operation, int attempts)
        : base($"{operation}: the kernel interrupted the dump {attempts} times in a row (NLM_F_DUMP_INTR); the table is changing too fast to read consistently.")
    {
        Operation = operation;
        Attempts = attempts;
    }

    public string Operation { get; }

    public int Attempts { get; }
}
