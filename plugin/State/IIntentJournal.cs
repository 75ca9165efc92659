using Csnet.Plugin.Model;

namespace Csnet.Plugin.State;

/// <summary>Intents of changes in progress (see <see cref="Intent"/>); each call is durable when it returns.</summary>
public interface IIntentJournal
{
    /// <summary>Writes the intent down (replacing one with the same id, left by an earlier crash).</summary>
    void Begin(Intent intent);

    /// <summary>The change ended, done or undone.</summary>
    void End(Intent intent);

    IReadOnlyList<Intent> Pending();
}
