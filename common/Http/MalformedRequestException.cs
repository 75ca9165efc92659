namespace Csnet.Common.Http;

/// <summary>A request body that is not what the method takes; the message is the sentence the daemon shows.</summary>
public sealed class MalformedRequestException(string userMessage) : Exception(userMessage);
