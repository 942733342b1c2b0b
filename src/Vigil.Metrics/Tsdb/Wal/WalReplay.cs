using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>Where replay is, for <c>/api/v1/status/walreplay</c> (min, max, current segment).</summary>
internal sealed class WalReplayProgress
{
    public int Min;
    public int Max;
    public int Current;
}

/// <summary>
/// Rebuilds the head from the newest checkpoint and the segments after it (Prometheus <c>Head.Init</c>).
/// Single-threaded and lock-light: the head is not serving yet. Logs progress every 2 s and a summary at
/// the end. Corruption: the segment is cut at the first bad record and later segments are removed (what
/// Prometheus's WAL repair does), with a warning naming what was lost.
/// </summary>
internal sealed class WalReplay(Head.Head head, ILogger logger)
{
    private readonly Dictionary<ulong, MemSeries> _refs = [];
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private long _samples;
    private long _unknownRefSamples;

    public WalReplayProgress Progress { get; } = new();

    public void Run(string walDir)
    {
        using var shards = new ReplayShards(head, Environment.ProcessorCount);
        _shards = shards;
        try
        {
            RunSegments(walDir);
        }
        finally
        {
            shards.Drain();
            _shards = null;
        }
    }

    private ReplayShards? _shards;

    private void RunSegments(string walDir)
    {
        var watch = Stopwatch.StartNew();
        var lastReport = watch.Elapsed;
        int checkpointIndex = -1;
        if (WalSegments.LastCheckpoint(walDir) is { } checkpoint)
        {
            checkpointIndex = checkpoint.Index;
            foreach (int index in WalSegments.List(checkpoint.Dir))
                ReplayFile(Path.Combine(checkpoint.Dir, WalSegments.SegmentName(index)), isCheckpoint: true, out _);
        }
        var segments = WalSegments.List(walDir).Where(i => i > checkpointIndex).ToList();
        Progress.Min = segments.Count > 0 ? segments[0] : 0;
        Progress.Max = segments.Count > 0 ? segments[^1] : 0;
        for (int n = 0; n < segments.Count; n++)
        {
            int index = segments[n];
            Progress.Current = index;
            string path = Path.Combine(walDir, WalSegments.SegmentName(index));
            if (!ReplayFile(path, isCheckpoint: false, out var corruption))
            {
                int dropped = 0;
                for (int later = n + 1; later < segments.Count; later++)
                {
                    File.Delete(Path.Combine(walDir, WalSegments.SegmentName(segments[later])));
                    dropped++;
                }
                // A torn tail of the newest segment is the normal result of a crash: no data was acknowledged there.
                if (dropped > 0 || corruption.Error != "torn record" && corruption.Error != "torn record header")
                    WalLog.Corrupt(logger, path, corruption.Offset, corruption.Error, dropped);
                break;
            }
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(2))
            {
                lastReport = watch.Elapsed;
                WalLog.ReplayProgress(logger, index, Progress.Max, _shards!.Applied, watch.Elapsed.TotalSeconds);
            }
        }
        _shards!.Drain();
        _samples = _shards.Applied;
        if (_unknownRefSamples > 0) WalLog.UnknownRefs(logger, _unknownRefSamples);
        WalLog.ReplayDone(logger, segments.Count, head.SeriesCount, _samples, watch.Elapsed.TotalSeconds);
    }

    public long SamplesReplayed => _samples;

    /// <summary>Replays one file; false (with where and why) when it stops at a bad record, after cutting it there.</summary>
    private bool ReplayFile(string path, bool isCheckpoint, out (long Offset, string Error) corruption)
    {
        corruption = default;
        using var mapped = SegmentMapping.Open(path);
        var reader = new WalSegmentReader(mapped.Span);
        long mint = long.MaxValue, maxt = long.MinValue;
        while (reader.TryNext(out var body))
        {
            try
            {
                Apply(body, ref mint, ref maxt);
            }
            catch (WalCorruptionException e)
            {
                corruption = (reader.Offset, "undecodable record: " + e.Message);
                if (mint <= maxt) head.UpdateTimeBounds(mint, maxt);
                if (isCheckpoint) throw new IOException($"checkpoint {path} is corrupt: {e.Message}");
                Cut(path, reader.Offset);
                return false;
            }
        }
        if (mint <= maxt) head.UpdateTimeBounds(mint, maxt);
        if (reader.Error is null) return true;
        if (isCheckpoint) throw new IOException($"checkpoint {path} is corrupt: {reader.Error}");
        corruption = (reader.Offset, reader.Error);
        Cut(path, reader.Offset);
        return false;
    }

    private static void Cut(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(offset);
    }

    private void Apply(ReadOnlySpan<byte> body, ref long mint, ref long maxt)
    {
        var type = (WalRecordType)body[0];
        var r = new RecordReader(body[1..]);
        switch (type)
        {
            case WalRecordType.Series:
                while (!r.End)
                {
                    ulong seriesRef = r.ReadUVarint();
                    var labels = ReadLabels(ref r);
                    var series = head.GetOrCreateWithRef(labels, seriesRef, out _);
                    series.Logged = true;
                    _refs[seriesRef] = series;
                }
                break;
            case WalRecordType.Samples:
            {
                ulong baseRef = r.ReadUVarint();
                long baseT = r.ReadVarint();
                while (!r.End)
                {
                    ulong seriesRef = baseRef + (ulong)r.ReadVarint();
                    long t = baseT + r.ReadVarint();
                    double v = r.ReadDouble();
                    if (!_refs.TryGetValue(seriesRef, out var series)) { _unknownRefSamples++; continue; }
                    _shards!.Add(series, t, v);
                }
                break;
            }
            case WalRecordType.Metadata:
                while (!r.End)
                {
                    string family = ReadString(ref r);
                    var metricType = (MetricType)r.ReadByte();
                    string unit = ReadString(ref r);
                    string help = ReadString(ref r);
                    if (family.Length > 0) head.SetMetadata(family, new MetricMetadata(metricType, help, unit));
                }
                break;
            case WalRecordType.Tombstones:
                while (!r.End)
                {
                    ulong seriesRef = r.ReadUVarint();
                    long from = r.ReadVarint();
                    long to = r.ReadVarint();
                    if (_refs.TryGetValue(seriesRef, out var series)) head.AddTombstone(series.Ref, from, to);
                }
                break;
            case WalRecordType.Chunks:
            {
                ulong seriesRef = r.ReadUVarint();
                ulong count = r.ReadUVarint();
                _refs.TryGetValue(seriesRef, out var series);
                for (ulong i = 0; i < count; i++)
                {
                    long cmin = r.ReadVarint();
                    long cmax = r.ReadVarint();
                    byte encoding = r.ReadByte();
                    var data = r.ReadBytes();
                    if (series is null || encoding != (byte)Chunks.ChunkEncoding.Xor) continue;
                    lock (series) series.LoadChunk(cmin, cmax, data, head.ChunkFiles);
                    if (cmin < mint) mint = cmin;
                    if (cmax > maxt) maxt = cmax;
                }
                break;
            }
            default:
                throw new WalCorruptionException($"unknown record type {(byte)type}");
        }
    }

    private Labels ReadLabels(ref RecordReader r)
    {
        ulong n = r.ReadUVarint();
        if (n > 10_000) throw new WalCorruptionException("implausible label count");
        var array = new Label[(int)n];
        for (int i = 0; i < array.Length; i++) array[i] = new Label(ReadString(ref r), ReadString(ref r));
        // Written sorted by the head; re-check so a damaged record cannot build an invalid label set.
        for (int i = 1; i < array.Length; i++)
            if (string.CompareOrdinal(array[i - 1].Name, array[i].Name) >= 0) throw new WalCorruptionException("labels not sorted");
        return Labels.FromSorted(array);
    }

    private string ReadString(ref RecordReader r)
    {
        var bytes = r.ReadBytes();
        if (bytes.IsEmpty) return "";
        string s = Encoding.UTF8.GetString(bytes);
        if (_strings.TryGetValue(s, out var interned)) return interned;
        _strings.Add(s);
        return s;
    }
}
