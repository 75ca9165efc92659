namespace Csnet.Plugin.Composition;

/// <summary>CSNET_LOG_FORMAT: the console formatter csnet's log lines go through (<see cref="CsnetLogging"/>).</summary>
public enum LogFormat
{
    /// <summary>One line per event: UTC timestamp, level, category, message.</summary>
    Text,

    /// <summary>One JSON object per line: the same message plus each field of it as a property.</summary>
    Json,
}
