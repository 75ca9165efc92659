using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Plugin.Composition;

/// <summary>How csnet opens its LiteDB file; the self test opens its scratch file the same way.</summary>
public static class StateDatabase
{
    /// <summary>One engine for the whole process (the network driver's and the IPAM's collections), writes serialised (<see cref="SerialWriteEngine"/>).</summary>
    public static ILiteDatabase Open(string path) => Databases.OpenFile(path);

    /// <summary>The serving process's database: answers wait for their writes through its group commit.</summary>
    public static DurableDatabase OpenDurable(string path) => Databases.OpenDurable(path);
}
