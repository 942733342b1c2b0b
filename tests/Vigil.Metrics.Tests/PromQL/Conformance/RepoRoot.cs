namespace Vigil.Metrics.Tests.PromQL.Conformance;

/// <summary>The repository root: the folder above the test binaries that holds Vigil.slnx.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Vigil.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"cannot find the repository root (a folder holding Vigil.slnx) above {AppContext.BaseDirectory}");
    });

    public static string Path => Found.Value;
}
