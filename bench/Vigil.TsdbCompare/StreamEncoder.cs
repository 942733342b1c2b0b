using Snappier;
using Vigil.Core.Wire;

namespace Vigil.TsdbCompare;

/// <summary>What the encoded stream holds, for the report and for checking what the servers stored.</summary>
internal sealed record StreamPlan(
    long StartMs,
    int IntervalMs,
    int Steps,
    int PhaseOneSteps,
    long BlockMinMs,
    long BlockMaxMs,
    long TotalSamples,
    long PhaseOneSamples,
    long ExpectedBlockSamples,
    int Requests,
    long CompressedBytes,
    long UncompressedBytes);

/// <summary>
/// Encodes the synthetic stream as Prometheus's remote-write 1.0 sender would: the series are split over
/// shards (each sends its own requests in order, so a series' samples arrive in order), each request holds
/// up to <c>batch</c> samples, one <c>TimeSeries</c> per sample with its full label set (as the 1.0
/// queue manager builds them), protobuf then snappy block format. Phase one ends before the head spans 3h,
/// so no block can be cut while it is sent; phase two is the rest.
/// Wire format: prometheus/prometheus prompb/remote.proto and types.proto (WriteRequest.timeseries = 1,
/// TimeSeries.labels = 1, samples = 2; Label.name = 1, value = 2; Sample.value = 1 double, timestamp = 2 int64).
/// </summary>
internal static class StreamEncoder
{
    public static readonly TimeSpan BlockRange = TimeSpan.FromHours(2);

    public static StreamPlan Encode(CompareOptions options, string path, TextWriter log)
    {
        var catalog = new SeriesCatalog(options.Series, histograms: options.Queries);
        int intervalMs = options.IntervalSeconds * 1000;
        var generator = new SampleGenerator(catalog, options.Seed, intervalMs, options.JitterMs);
        long rangeMs = (long)BlockRange.TotalMilliseconds;
        // Start on a block boundary (blocks are aligned to multiples of the range since the epoch), so the first
        // block holds a full 2h of every series, and start about `hours` ago so nothing is in the future.
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long startMs = (nowMs - (long)(options.Hours * 3_600_000)) / rangeMs * rangeMs;
        int steps = (int)(options.Hours * 3_600_000 / intervalMs);
        // Head span stays under 1.5 block ranges (the compaction trigger) by one interval of margin, plus the
        // spread of host offsets (< one interval).
        int phaseOneSteps = (int)Math.Min(steps, ((rangeMs * 3 / 2) - 2L * intervalMs) / intervalMs + 1);

        byte[][] labels = EncodeLabels(catalog);
        var writers = new ProtoWriter[options.Shards];
        var counts = new int[options.Shards];
        for (int s = 0; s < writers.Length; s++)
        {
            writers[s] = new ProtoWriter(options.Batch * 160);
        }
        long total = 0, phaseOne = 0, inBlock = 0, uncompressed = 0;
        int requests = 0;
        using (var file = new StreamFileWriter(path))
        {
            void Flush(int s)
            {
                if (counts[s] == 0)
                {
                    return;
                }
                uncompressed += writers[s].Length;
                file.WriteRequest(s, counts[s], Snappy.CompressToArray(writers[s].WrittenSpan));
                writers[s].Reset();
                counts[s] = 0;
                requests++;
            }

            for (int step = 0; step < steps; step++)
            {
                if (step == phaseOneSteps)
                {
                    for (int s = 0; s < writers.Length; s++)
                    {
                        Flush(s);
                    }
                    file.EndPhase();
                    phaseOne = total;
                }
                for (int i = 0; i < catalog.Series; i++)
                {
                    long t = generator.Timestamp(startMs, intervalMs, i, step);
                    double v = generator.Next(i);
                    int s = i % writers.Length;
                    WriteSample(writers[s], labels[i], t, v);
                    total++;
                    if (t < startMs + rangeMs)
                    {
                        inBlock++;
                    }
                    if (++counts[s] == options.Batch)
                    {
                        Flush(s);
                    }
                }
                if (step % 120 == 119)
                {
                    log.Write($"\rencoding: {step + 1}/{steps} steps, {total:N0} samples, {file.Bytes / 1e6:N0} MB");
                }
            }
            for (int s = 0; s < writers.Length; s++)
            {
                Flush(s);
            }
            file.EndPhase();
            if (phaseOne == 0)
            {
                phaseOne = total;
            }
            log.WriteLine($"\rencoded: {steps} steps, {total:N0} samples in {requests:N0} requests, {file.Bytes / 1e6:N1} MB snappy ({uncompressed / 1e6:N1} MB protobuf)");
            foreach (var w in writers)
            {
                w.Dispose();
            }
            return new StreamPlan(startMs, intervalMs, steps, phaseOneSteps, startMs, startMs + rangeMs,
                total, phaseOne, inBlock, requests, file.Bytes, uncompressed);
        }
    }

    private static void WriteSample(ProtoWriter w, byte[] labels, long t, double v)
    {
        int series = w.BeginMessage(1);
        w.WriteRawBytes(labels);
        int sample = w.BeginMessage(2);
        // proto3: a zero value is omitted, as Prometheus's gogo-protobuf marshaller does.
        w.WriteDoubleField(1, v);
        w.WriteInt64Field(2, t);
        w.EndMessage(sample);
        w.EndMessage(series);
    }

    /// <summary>Each series' <c>TimeSeries.labels</c> fields, encoded once.</summary>
    private static byte[][] EncodeLabels(SeriesCatalog catalog)
    {
        var result = new byte[catalog.Series][];
        using var w = new ProtoWriter(256);
        for (int i = 0; i < catalog.Series; i++)
        {
            w.Reset();
            foreach (var (name, value) in catalog.LabelsOf(i))
            {
                int label = w.BeginMessage(1);
                w.WriteStringField(1, name);
                w.WriteStringField(2, value);
                w.EndMessage(label);
            }
            result[i] = w.ToArray();
        }
        return result;
    }
}
