namespace Csnet.Plugin.Kernel.Nftables;

public sealed class NftablesException(string message) : Exception(message);
