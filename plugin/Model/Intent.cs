namespace Csnet.Plugin.Model;

/// <summary>
/// A change that touches the kernel, written down before it starts and removed when it ended
/// (done or undone). One still there at start was cut short by a crash: the mode finishes or undoes
/// it from <see cref="Data"/> (the links and addresses it was making) before anything else runs.
/// </summary>
public sealed record Intent(
    string Operation,
    string Mode,
    string NetworkId,
    string? EndpointId,
    IReadOnlyDictionary<string, string> Data,
    DateTime StartedAt)
{
    public const string CreateNetwork = "CreateNetwork";
    public const string DeleteNetwork = "DeleteNetwork";
    public const string CreateEndpoint = "CreateEndpoint";
    public const string DeleteEndpoint = "DeleteEndpoint";

    /// <summary>One intent per operation and object at a time.</summary>
    public string Id => $"{Operation}:{EndpointId ?? NetworkId}";
}
