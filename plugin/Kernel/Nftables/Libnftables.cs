using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// The few libnftables entry points csnet uses (nftables/libnftables.h). The library parses nft
/// syntax and sends the whole buffer as one netlink batch, so one call is one transaction.
/// Constants keep their header names.
/// </summary>
internal static partial class Libnftables
{
    private const string Library = "libnftables.so.1";

    public const uint NFT_CTX_DEFAULT = 0;

    public const uint NFT_CTX_OUTPUT_HANDLE = 1u << 3;
    public const uint NFT_CTX_OUTPUT_JSON = 1u << 4;

    [LibraryImport(Library)]
    public static partial nint nft_ctx_new(uint flags);

    [LibraryImport(Library)]
    public static partial void nft_ctx_free(nint ctx);

    [LibraryImport(Library)]
    public static partial int nft_ctx_buffer_output(nint ctx);

    [LibraryImport(Library)]
    public static partial int nft_ctx_buffer_error(nint ctx);

    /// <summary>Returns the text buffered since the last call and empties the buffer; owned by the context.</summary>
    [LibraryImport(Library)]
    public static partial nint nft_ctx_get_output_buffer(nint ctx);

    [LibraryImport(Library)]
    public static partial nint nft_ctx_get_error_buffer(nint ctx);

    [LibraryImport(Library)]
    public static partial void nft_ctx_output_set_flags(nint ctx, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int nft_run_cmd_from_buffer(nint ctx, string buffer);
}
