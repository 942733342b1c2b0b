using System.Diagnostics;

namespace Vigil.TsdbCompare;

/// <summary>What the run was measured on (cores, CPU model, memory, OS, load) and which builds ran.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = ReadField("/proc/cpuinfo", "model name") ?? "?";
        string memory = ReadField("/proc/meminfo", "MemTotal") ?? "?";
        string os = ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? "?";
        return $"{Environment.ProcessorCount} cores, {cpu}, MemTotal {memory}, {os}, kernel {Environment.OSVersion.Version}, "
            + $".NET {Environment.Version}; load average at start {LoadAverage()}";
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The first output line of a short command (a version), or "?".</summary>
    public static string FirstLine(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }
            using var p = Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            if (!p.WaitForExit(30_000))
            {
                p.Kill(entireProcessTree: true);
            }
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    /// <summary>" (commit abc1234)" of the repository the harness runs from, or "".</summary>
    public static string GitCommit()
    {
        string? root = RepoRoot();
        if (root is null)
        {
            return "";
        }
        string commit = FirstLine("git", "-C", root, "rev-parse", "--short", "HEAD");
        return commit.Length is >= 7 and <= 12 ? $" (commit {commit})" : "";
    }

    public static string? RepoRoot()
    {
        foreach (string from in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    private static string? ReadField(string path, string key, char separator = ':')
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int at = line.IndexOf(separator);
                if (at > 0 && line[..at].Trim() == key)
                {
                    return line[(at + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
