namespace Csnet.Plugin.State;

/// <summary>An insert of a record whose id is already stored.</summary>
public sealed class StoreConflictException(string message) : Exception(message);
