namespace Csnet.Ipam.Tests.Support;

/// <summary>A LiteDB file path in a throwaway directory, removed on dispose.</summary>
internal sealed class TempDatabaseFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("csnet-ipam-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "csnet.db");

    public string ConnectionString => $"Filename={Path};Connection=direct";

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
