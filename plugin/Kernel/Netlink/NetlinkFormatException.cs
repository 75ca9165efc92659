namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Bytes from the kernel (or a test) do not form valid netlink messages or attributes.
/// The only exception the decoders throw; the connection that produced the bytes should be considered broken.
/// </summary>
public sealed class NetlinkFormatException : Exception
{
    public NetlinkFormatException(string message)
        : base(message)
    {
    }
}
