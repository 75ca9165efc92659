namespace Csnet.Plugin.Ctl;

/// <summary>What <c>csnetctl state import --json</c> prints: where it went and how many documents per collection.</summary>
public sealed record ImportSummary(string StateDir, string Database, string ExportedAt, string CsnetVersion, bool Replaced, IReadOnlyDictionary<string, int> Collections, int Documents);
