using System.Globalization;
using System.Runtime.InteropServices;

namespace Vigil.LoadGen;

/// <summary>CPU time of another process from /proc/PID/stat (Linux): utime + stime, in clock ticks.</summary>
public static partial class ProcessCpu
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux (glibc and musl)

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SysConf(int name);

    /// <summary>Clock ticks per second (CLK_TCK) from sysconf; 100, the Linux value, if that fails.</summary>
    public static long ClockTicksPerSecond(out bool assumed)
    {
        try
        {
            long ticks = SysConf(ScClockTicks);
            if (ticks > 0)
            {
                assumed = false;
                return ticks;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        assumed = true;
        return 100;
    }

    /// <summary>utime + stime of the process in clock ticks (its threads included, finished children not).</summary>
    public static bool TryRead(int pid, out long ticks)
    {
        ticks = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        // "pid (comm) state ppid ..." where comm may hold spaces and parentheses: fields start after the last ')'.
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15 (proc(5)).
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out long utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out long stime))
        {
            return false;
        }
        ticks = utime + stime;
        return true;
    }

    /// <summary>The process's command name (comm, as /proc/PID/stat shows it), or "?".</summary>
    public static string Name(int pid)
    {
        try
        {
            string text = File.ReadAllText($"/proc/{pid}/stat");
            int open = text.IndexOf('(', StringComparison.Ordinal);
            int close = text.LastIndexOf(')');
            return open >= 0 && close > open ? text[(open + 1)..close] : "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Resident set size in megabytes from /proc/PID/status, or 0.</summary>
    public static double ResidentMegabytes(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
