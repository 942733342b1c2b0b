using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Vigil.Metrics.Tsdb.Blocks;
using Vigil.Metrics.Tsdb.Compaction;
using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb;

/// <summary>
/// What Prometheus's TSDB admin API does: snapshots for backup, deleting series with tombstones, and
/// rewriting blocks to drop what tombstones cover. Each runs under the maintenance gate, so it never
/// races a block cut or a compaction.
/// </summary>
public sealed partial class Db
{
    /// <summary>
    /// Writes a snapshot under <c>snapshots/&lt;YYYYMMDDTHHMMSSZ&gt;-&lt;16 hex&gt;/</c>: every block hard-linked
    /// (copied where links are impossible) and, unless <paramref name="skipHead"/>, the head written as one more
    /// block. The directory is a complete TSDB: restore by using it as <c>&lt;data-dir&gt;/metrics</c>. Returns its name.
    /// </summary>
    public async Task<string> SnapshotAsync(bool skipHead, CancellationToken cancellationToken = default)
    {
        string name = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-"
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string dir = Path.Combine(Options.Directory, "snapshots", name);
        await _maintenanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var block in _blocks)
            {
                string target = Path.Combine(dir, Path.GetFileName(block.Dir));
                Directory.CreateDirectory(target);
                foreach (var file in Directory.EnumerateFiles(block.Dir)) LinkOrCopy(file, Path.Combine(target, Path.GetFileName(file)));
            }
            if (!skipHead && Head.MinTime != long.MaxValue)
                WriteHeadRange(dir, Head.MinTime, Head.MaxTime + 1, closeOpenChunks: false);
            Tsdb.Wal.Checkpoint.FsyncDirectory(dir);
        }
        finally
        {
            _maintenanceGate.Release();
        }
        DbLog.Snapshot(_logger, dir);
        return name;
    }

    /// <summary>
    /// Marks [mint, maxt] of every series matching <paramref name="matchers"/> deleted: durable tombstones in
    /// each overlapping block and in the WAL for the head. Queries stop returning the data at once; the
    /// bytes go at the next compaction or <see cref="CleanTombstonesAsync"/>.
    /// </summary>
    public async Task DeleteSeriesAsync(IReadOnlyList<Matcher> matchers, long mint, long maxt, CancellationToken cancellationToken = default)
    {
        await _maintenanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var block in _blocks)
                if (block.Meta.OverlapsClosedInterval(mint, maxt)) block.Delete(matchers, mint, maxt);
            var headSeries = HeadQuerier.MatchingSeries(Head, mint, maxt, matchers);
            if (headSeries.Count == 0) return;
            var tombstones = new List<(ulong, long, long)>(headSeries.Count);
            foreach (var s in headSeries) tombstones.Add((s.Ref, mint, maxt));
            Wal.LogTombstones(tombstones);
            foreach (var s in headSeries) Head.AddTombstone(s.Ref, mint, maxt);
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    /// <summary>Rewrites every block that has tombstones without the deleted data (Prometheus <c>CleanTombstones</c>).</summary>
    public async Task CleanTombstonesAsync(CancellationToken cancellationToken = default)
    {
        await _maintenanceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var block in _blocks)
            {
                if (!block.HasTombstones) continue;
                var meta = BlockCompactor.Compact(Options.Directory, [block]);
                Block? replacement = null;
                if (meta.NumSamples > 0) replacement = Block.Open(Path.Combine(Options.Directory, meta.Id));
                else Block.DeleteDirectory(Path.Combine(Options.Directory, meta.Id));
                AddBlocks(replacement is null ? [] : [replacement], [block]);
            }
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    private static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && Link(source, target) == 0) return;
        File.Copy(source, target);
    }

    // .NET has no hard-link API; link(2) makes a snapshot cost no space until blocks are deleted.
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
