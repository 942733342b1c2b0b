namespace Vigil.Metrics.Tests.Support;

/// <summary>
/// A fact that needs a program on PATH (prometheus, prometheus-node-exporter: .ci/run installs both); skipped,
/// naming the program, only where it is absent.
/// </summary>
internal sealed class ProgramFactAttribute : FactAttribute
{
    public ProgramFactAttribute(string program)
    {
        if (Find(program) is null) Skip = $"{program} is not installed (not on PATH)";
    }

    public static string? Find(string program)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
