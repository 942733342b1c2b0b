using System.Globalization;
using System.Runtime.InteropServices;

namespace Vigil.TsdbCompare;

/// <summary>
/// What Linux's /proc says about another process: CPU time (utime + stime of /proc/PID/stat, all threads) and
/// memory (VmRSS, VmHWM of /proc/PID/status), plus the two libc calls the harness needs (sysconf, kill).
/// </summary>
internal static partial class ProcStats
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux (glibc and musl)
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SysConf(int name);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Clock ticks per second (CLK_TCK); 100, the Linux value, if sysconf fails.</summary>
    public static long ClockTicksPerSecond()
    {
        try
        {
            long ticks = SysConf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    /// <summary>Sends SIGTERM (graceful stop, as systemd and Kubernetes do); false if the process is gone.</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    /// <summary>utime + stime in clock ticks, or -1 when the process is gone.</summary>
    public static long CpuTicks(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return -1;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields start after the last ')'.
        int close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14 and stime field 15 (proc(5)).
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Resident memory now (VmRSS) and its peak so far (VmHWM), in bytes; zeros when the process is gone.</summary>
    public static (long Rss, long PeakRss) Memory(int pid)
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }
        }
        catch (IOException)
        {
        }
        return (rss, peak);
    }

    private static long Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
    }
}
