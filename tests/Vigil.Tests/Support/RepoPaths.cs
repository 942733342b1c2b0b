namespace Vigil.Tests.Support;

/// <summary>Locations tests need: the repository root, the built vigil.dll, the demo app, the shared corpora.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string VigilDll => Path.Combine(AppContext.BaseDirectory, "vigil.dll");

    /// <summary>The configuration (Debug/Release) this test assembly was built in.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string DemoDll => Path.Combine(Root, "src", "Vigil", "bin", Configuration, "net10.0", "demo", "greenhouse-app", "greenhouse-app.dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Vigil.slnx) above " + AppContext.BaseDirectory);
    }
}
