using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Steps;

/// <summary>Runs a driver operation with its intent in the journal; a crash inside leaves the intent there for the mode's Recover.</summary>
public static class IntentScope
{
    public static void Run(IIntentJournal? journal, Intent intent, Action work)
    {
        journal?.Begin(intent);
        try
        {
            work();
        }
        finally
        {
            journal?.End(intent);
        }
    }
}
