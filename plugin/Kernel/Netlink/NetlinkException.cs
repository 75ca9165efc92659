namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>The kernel refused a netlink request: the operation, its errno and the extended-ack text.</summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno, string? kernelMessage)
        : base(Format(operation, errno, kernelMessage))
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    public string Operation { get; }
    public int Errno { get; }
    public string? KernelMessage { get; }

    private static string Format(string operation, int errno, string? kernelMessage)
    {
        var text = $"{operation}: {Errno2Text(errno)} (errno {errno})";
        return string.IsNullOrEmpty(kernelMessage) ? text : $"{text}: {kernelMessage}";
    }

    private static string Errno2Text(int errno) => errno switch
    {
        1 => "operation not permitted",
        2 => "no such file or directory",
        16 => "device or resource busy",
        17 => "already exists",
        19 => "no such device",
        22 => "invalid argument",
        34 => "result out of range",
        95 => "operation not supported",
        99 => "cannot assign requested address",
        _ => "error",
    };
}
