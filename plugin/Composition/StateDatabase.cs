using LiteDB;

namespace Csnet.Plugin.Composition;

/// <summary>How csnet opens its LiteDB file; the self test opens its scratch file the same way.</summary>
public static class StateDatabase
{
    public static ILiteDatabase Open(string path) => new LiteDatabase(new ConnectionString
    {
        Filename = path,
        Connection = ConnectionType.Direct,
    });
}
