using System.Runtime.InteropServices;
using static Csnet.Plugin.Kernel.Nftables.Libnftables;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// One libnftables context with buffered output and errors. Its netlink socket is opened in
/// <see cref="Open"/>, so the context works in the network namespace of the thread that opened it,
/// wherever it is used afterwards. Not thread-safe: use one context from one thread at a time.
/// </summary>
public sealed class NftContext : IDisposable
{
    private nint _ctx;

    private NftContext(nint ctx) => _ctx = ctx;

    /// <summary>Opens a context in the calling thread's network namespace.</summary>
    /// <exception cref="NftablesException">libnftables.so.1 is missing or could not create a context.</exception>
    public static NftContext Open()
    {
        nint ctx;
        try
        {
            ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new NftablesException("load libnftables.so.1", e.Message, e);
        }
        if (ctx == 0)
        {
            throw new NftablesException("create context", "nft_ctx_new returned NULL");
        }
        // Without buffering, libnftables prints to the process's stdout and stderr.
        if (nft_ctx_buffer_output(ctx) != 0 || nft_ctx_buffer_error(ctx) != 0)
        {
            nft_ctx_free(ctx);
            throw new NftablesException("create context", "could not buffer output");
        }
        return new NftContext(ctx);
    }

    /// <summary>
    /// Runs an nft script (one or more commands, newline-separated) as one transaction and returns
    /// what it printed: listings in nft syntax, or in JSON with rule handles when <paramref name="json"/>.
    /// </summary>
    /// <param name="operation">Names the call in the exception, e.g. "apply ruleset".</param>
    /// <exception cref="NftablesException">libnftables rejected the script; nothing of it took effect.</exception>
    public string Run(string script, string operation, bool json = false)
    {
        ObjectDisposedException.ThrowIf(_ctx == 0, this);
        nft_ctx_output_set_flags(_ctx, json ? NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE : 0);
        int rc = nft_run_cmd_from_buffer(_ctx, script);
        // Read both buffers every time: each read also empties its buffer for the next run.
        string output = Marshal.PtrToStringUTF8(nft_ctx_get_output_buffer(_ctx)) ?? "";
        string errors = Marshal.PtrToStringUTF8(nft_ctx_get_error_buffer(_ctx)) ?? "";
        if (rc != 0)
        {
            throw new NftablesException(operation, errors);
        }
        return output;
    }

    public void Dispose()
    {
        if (_ctx != 0)
        {
            nft_ctx_free(_ctx);
            _ctx = 0;
        }
    }
}
