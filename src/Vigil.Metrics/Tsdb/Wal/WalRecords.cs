using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tsdb.Wal;

/// <summary>
/// Encodes WAL record bodies into a <see cref="RecordBuffer"/>, each inside a frame (header patched by
/// <see cref="WalSegments.SealFrame"/>). Byte layouts: docs/formats/metrics-wal.md.
/// </summary>
internal static class WalRecords
{
    /// <summary>Samples per record: keeps any one record (and a replay buffer) small.</summary>
    public const int MaxSamplesPerRecord = 8192;

    public static void WriteSeries(RecordBuffer buffer, IReadOnlyList<MemSeries> series)
    {
        if (series.Count == 0) return;
        int start = BeginFrame(buffer, WalRecordType.Series);
        foreach (var s in series) WriteOneSeries(buffer, s.Ref, s.Labels);
        EndFrame(buffer, start);
    }

    public static void WriteOneSeries(RecordBuffer buffer, ulong seriesRef, Labels labels)
    {
        buffer.WriteUVarint(seriesRef);
        buffer.WriteUVarint((ulong)labels.Count);
        foreach (var label in labels.AsSpan())
        {
            buffer.WriteString(label.Name);
            buffer.WriteString(label.Value);
        }
    }

    public static void WriteSamples(RecordBuffer buffer, IReadOnlyList<RefSample> samples)
    {
        for (int offset = 0; offset < samples.Count; offset += MaxSamplesPerRecord)
        {
            int end = Math.Min(samples.Count, offset + MaxSamplesPerRecord);
            int start = BeginFrame(buffer, WalRecordType.Samples);
            var first = samples[offset];
            buffer.WriteUVarint(first.Ref);
            buffer.WriteVarint(first.T);
            for (int i = offset; i < end; i++)
            {
                var s = samples[i];
                buffer.WriteVarint((long)(s.Ref - first.Ref));
                buffer.WriteVarint(s.T - first.T);
                buffer.WriteDouble(s.V);
            }
            EndFrame(buffer, start);
        }
    }

    public static void WriteMetadata(RecordBuffer buffer, IReadOnlyList<(string Family, MetricMetadata Metadata)> metadata)
    {
        if (metadata.Count == 0) return;
        int start = BeginFrame(buffer, WalRecordType.Metadata);
        foreach (var (family, m) in metadata) WriteOneMetadata(buffer, family, m);
        EndFrame(buffer, start);
    }

    public static void WriteOneMetadata(RecordBuffer buffer, string family, MetricMetadata m)
    {
        buffer.WriteString(family);
        buffer.WriteByte((byte)m.Type);
        buffer.WriteString(m.Unit);
        buffer.WriteString(m.Help);
    }

    public static void WriteTombstones(RecordBuffer buffer, IReadOnlyList<(ulong Ref, long MinT, long MaxT)> tombstones)
    {
        if (tombstones.Count == 0) return;
        int start = BeginFrame(buffer, WalRecordType.Tombstones);
        foreach (var (r, mint, maxt) in tombstones)
        {
            buffer.WriteUVarint(r);
            buffer.WriteVarint(mint);
            buffer.WriteVarint(maxt);
        }
        EndFrame(buffer, start);
    }

    public static void WriteChunks(RecordBuffer buffer, ulong seriesRef, IReadOnlyList<ChunkBytes> chunks)
    {
        int start = BeginFrame(buffer, WalRecordType.Chunks);
        buffer.WriteUVarint(seriesRef);
        buffer.WriteUVarint((ulong)chunks.Count);
        foreach (var c in chunks)
        {
            buffer.WriteVarint(c.MinT);
            buffer.WriteVarint(c.MaxT);
            buffer.WriteByte((byte)Chunks.ChunkEncoding.Xor);
            buffer.WriteUVarint((ulong)c.Data.Length);
            buffer.WriteBytes(c.Data.Span);
        }
        EndFrame(buffer, start);
    }

    public static int BeginFrame(RecordBuffer buffer, WalRecordType type)
    {
        int start = buffer.Length;
        buffer.Reserve(WalSegments.FrameHeaderSize);
        buffer.WriteByte((byte)type);
        return start;
    }

    public static void EndFrame(RecordBuffer buffer, int start) =>
        WalSegments.SealFrame(buffer.At(start, buffer.Length - start));
}
