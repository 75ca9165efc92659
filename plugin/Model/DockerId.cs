namespace Csnet.Plugin.Model;

/// <summary>Docker IDs as users see them: the first 12 characters, as `docker network ls` prints them.</summary>
public static class DockerId
{
    public static string Short(string id) => id.Length <= 12 ? id : id[..12];
}
