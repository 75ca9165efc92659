namespace Csnet.Plugin.Drivers.Diagnosis;

/// <summary>
/// One result of csnetctl doctor: what was checked, how it stands, what was found and, when
/// something is wrong, the command or change that mends it. Problems make doctor exit 1; warnings
/// (something csnet repairs by itself, or that only matters for networks not created yet) do not.
/// </summary>
public sealed record Finding(string Check, Severity Severity, string Detail, string? Fix = null)
{
    public static Finding Ok(string check, string detail) => new(check, Severity.Ok, detail);

    public static Finding Warning(string check, string detail, string? fix = null) => new(check, Severity.Warning, detail, fix);

    public static Finding Problem(string check, string detail, string fix) => new(check, Severity.Problem, detail, fix);
}

public enum Severity
{
    Ok,
    Warning,
    Problem,
}
