namespace Vigil.Otlp.Tests.Support;

/// <summary>
/// The shared OTLP/JSON example payloads, read in place from <c>../shared/conformance/otlp</c> next to the
/// repository root (see <see cref="SharedDirectory"/> for where else it is looked for). They are never
/// copied into the repository.
/// </summary>
internal static class ConformanceFiles
{
    public static readonly string[] Names = ["trace.json", "logs.json", "events.json", "metrics.json"];

    private static readonly Lazy<string> Directory = new(FindDirectory);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory.Value, name));

    private static string FindDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException(
                $"cannot find the repository root (a folder holding Vigil.slnx) above {AppContext.BaseDirectory}");
        }
        string conformance = SharedDirectory.Find(dir.FullName, "otlp");
        return conformance;
    }
}
