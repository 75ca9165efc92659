using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel;

/// <summary>A libc call failed; carries the call (with its important argument) and errno.</summary>
public sealed class SystemCallException : Exception
{
    public SystemCallException(string call, int errno)
        : base($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Call = call;
        Errno = errno;
    }

    public string Call { get; }

    public int Errno { get; }
}
