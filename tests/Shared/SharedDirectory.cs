namespace Vigil.Testing;

/// <summary>
/// Finds the workspace's shared conformance corpora: <c>$SHARED_DIR/conformance</c> if set, else
/// <c>shared/conformance</c> beside the repository or beside any folder above it (a clone in a temporary
/// folder still finds the workspace's copy at <c>/work/shared</c>).
/// </summary>
internal static class SharedDirectory
{
    public static string Find(string repoRoot, string corpus)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SHARED_DIR") is { Length: > 0 } env)
        {
            candidates.Add(Path.Combine(env, "conformance", corpus));
        }
        for (var dir = new DirectoryInfo(repoRoot); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "..", "shared", "conformance", corpus));
        }
        candidates.Add(Path.Combine("/work", "shared", "conformance", corpus));
        foreach (var candidate in candidates)
        {
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException(
            $"the {corpus} conformance corpus is missing; looked in: {string.Join(", ", candidates.Select(Path.GetFullPath))}");
    }
}
