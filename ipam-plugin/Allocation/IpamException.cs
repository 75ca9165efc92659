namespace Csnet.Ipam.Allocation;

/// <summary>
/// A request the IPAM refuses. <see cref="Exception.Message"/> is the sentence the user reads in
/// <c>docker</c> output: what was wrong and what to change. No state was changed.
/// </summary>
public sealed class IpamException(IpamErrorKind kind, string userMessage) : Exception(userMessage)
{
    public IpamErrorKind Kind { get; } = kind;
}
