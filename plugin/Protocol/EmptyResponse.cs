namespace Csnet.Plugin.Protocol;

/// <summary>"{}": the daemon fails to decode an empty 200 body, so success always carries an object.</summary>
public sealed record EmptyResponse;
