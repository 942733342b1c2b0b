using Vigil.Metrics.GoText;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;
using ModelBuckets = Vigil.Otlp.Model.ExponentialBuckets;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>DELTA sums and histograms accumulate into cumulative series (the deltatocumulative processor's rules).</summary>
public class DeltaToCumulativeTests
{
    private static readonly KeyValue[] Resource = Service("svc");

    private static NumberDataPoint Delta(double value, long startMs, long endMs, params KeyValue[] attributes) => new()
    {
        Attributes = attributes, StartTimeUnixNano = Ns(startMs), TimeUnixNano = Ns(endMs), Value = NumberValue.FromDouble(value),
    };

    private static MetricsData Requests(params NumberDataPoint[] points) =>
        Request(Resource, Sum("requests", "", true, AggregationTemporality.Delta, points));

    private static List<double> Values(RecordingAppender recorder, string name) =>
        recorder.Samples.Where(s => s.Labels.Name == name).Select(s => s.V).ToList();

    [Fact]
    public void Deltas_add_up_per_series_and_keep_counter_metadata()
    {
        var translator = Translator();
        var recorder = new RecordingAppender();
        translator.Translate(Requests(Delta(5, T0Ms, T0Ms + 10_000, S("path", "/a")), Delta(1, T0Ms, T0Ms + 10_000, S("path", "/b"))), recorder);
        translator.Translate(Requests(Delta(3, T0Ms + 10_000, T0Ms + 20_000, S("path", "/a"))), recorder);
        translator.Translate(Requests(Delta(2, T0Ms + 20_000, T0Ms + 30_000, S("path", "/a"))), recorder);

        var a = recorder.Samples.Where(s => s.Labels.Name == "requests_total" && s.Labels.Get("path") == "/a").Select(s => (s.T, s.V));
        Assert.Equal([(T0Ms + 10_000, 5.0), (T0Ms + 20_000, 8.0), (T0Ms + 30_000, 10.0)], a);
        Assert.Equal(Vigil.Metrics.Model.MetricType.Counter, recorder.Metadata.First(m => m.Labels.Name == "requests_total").Metadata.Type);
        Assert.Equal(2, translator.DeltaStreamCount);
    }

    [Fact]
    public void Out_of_order_and_older_start_points_are_dropped()
    {
        var translator = Translator();
        var recorder = new RecordingAppender();
        translator.Translate(Requests(Delta(5, T0Ms, T0Ms + 10_000)), recorder);
        var late = translator.Translate(Requests(Delta(7, T0Ms, T0Ms + 10_000)), recorder);
        var older = translator.Translate(Requests(Delta(7, T0Ms - 60_000, T0Ms + 15_000)), recorder);
        translator.Translate(Requests(Delta(1, T0Ms + 10_000, T0Ms + 20_000)), recorder);

        Assert.Equal(1, late.DeltaPointsDropped);
        Assert.Equal(1, older.DeltaPointsDropped);
        Assert.Equal([5.0, 6.0], Values(recorder, "requests_total"));
    }

    [Fact]
    public void A_start_after_the_last_point_restarts_the_total_unless_disabled()
    {
        foreach (bool reset in new[] { true, false })
        {
            var translator = Translator(new OtlpTranslationOptions { DeltaResetOnStartGap = reset });
            var recorder = new RecordingAppender();
            translator.Translate(Requests(Delta(5, T0Ms, T0Ms + 10_000)), recorder);
            // The sender restarted: its new window starts after the last point we saw.
            translator.Translate(Requests(Delta(2, T0Ms + 40_000, T0Ms + 50_000)), recorder);
            Assert.Equal(reset ? [5.0, 2.0] : [5.0, 7.0], Values(recorder, "requests_total"));
        }
    }

    [Fact]
    public void Stale_streams_are_forgotten_and_the_limit_drops_new_streams()
    {
        var time = new ManualTime(T0);
        var translator = Translator(new OtlpTranslationOptions { DeltaMaxStreams = 1 }, time);
        var recorder = new RecordingAppender();
        translator.Translate(Requests(Delta(5, T0Ms, T0Ms + 10_000, S("k", "1"))), recorder);
        var refused = translator.Translate(Requests(Delta(1, T0Ms, T0Ms + 10_000, S("k", "2"))), recorder);
        Assert.Equal(1, refused.DeltaPointsDropped);

        time.Advance(TimeSpan.FromMinutes(6));
        translator.Translate(Requests(Delta(4, T0Ms + 10_000, T0Ms + 20_000, S("k", "1"))), recorder);
        // Forgotten after max_stale: the total starts again from this point.
        Assert.Equal([5.0, 4.0], Values(recorder, "requests_total"));
        Assert.Equal(1, translator.DeltaStreamCount);
    }

    [Fact]
    public void No_recorded_value_writes_a_stale_marker_and_forgets_the_stream()
    {
        var translator = Translator();
        var recorder = new RecordingAppender();
        translator.Translate(Requests(Delta(5, T0Ms, T0Ms + 10_000)), recorder);
        var marker = Delta(0, T0Ms + 10_000, T0Ms + 20_000);
        marker.Flags = DataPointFlags.NoRecordedValue;
        translator.Translate(Requests(marker), recorder);
        translator.Translate(Requests(Delta(3, T0Ms + 20_000, T0Ms + 30_000)), recorder);

        var values = Values(recorder, "requests_total");
        Assert.Equal(5.0, values[0]);
        Assert.True(StaleNaN.Is(values[1]));
        Assert.Equal(3.0, values[2]);
    }

    [Fact]
    public void Histogram_deltas_add_bucket_by_bucket_and_new_bounds_replace_the_total()
    {
        var translator = Translator();
        var recorder = new RecordingAppender();
        HistogramDataPoint Point(long start, long end, double[] bounds, ulong[] counts, double? sum) => new()
        {
            StartTimeUnixNano = Ns(start), TimeUnixNano = Ns(end), ExplicitBounds = bounds, BucketCounts = counts,
            Count = counts.Aggregate(0UL, (a, b) => a + b), Sum = sum,
        };
        MetricsData Req(HistogramDataPoint p) => Request(Resource, Histogram("lat", "s", AggregationTemporality.Delta, p));

        translator.Translate(Req(Point(T0Ms, T0Ms + 10_000, [1, 2], [1, 2, 3], 4)), recorder);
        translator.Translate(Req(Point(T0Ms + 10_000, T0Ms + 20_000, [1, 2], [1, 0, 1], 1)), recorder);
        Assert.Equal([2.0, 4.0, 8.0], LastBuckets(recorder));
        Assert.Equal(5.0, recorder.Samples.Last(s => s.Labels.Name == "lat_seconds_sum").V);

        // Without a sum the total has none either; different bounds cannot merge, so the point replaces the total.
        translator.Translate(Req(Point(T0Ms + 20_000, T0Ms + 30_000, [5], [1, 1], null)), recorder);
        Assert.Equal([1.0, 2.0], LastBuckets(recorder));
        Assert.Equal(2, recorder.Samples.Count(s => s.Labels.Name == "lat_seconds_sum"));

        List<double> LastBuckets(RecordingAppender r)
        {
            long t = r.Samples.Where(s => s.Labels.Name == "lat_seconds_bucket").Max(s => s.T);
            return r.Samples.Where(s => s.Labels.Name == "lat_seconds_bucket" && s.T == t).Select(s => s.V).ToList();
        }
    }

    [Fact]
    public void Exponential_deltas_at_different_scales_merge_exactly()
    {
        var translator = Translator();
        var recorder = new RecordingAppender();
        ExponentialHistogramDataPoint Point(long start, long end, int scale, int offset, ulong[] counts, ulong zero) => new()
        {
            StartTimeUnixNano = Ns(start), TimeUnixNano = Ns(end), Scale = scale, ZeroCount = zero, Sum = 1,
            Positive = new ModelBuckets { Offset = offset, BucketCounts = counts },
            Count = zero + counts.Aggregate(0UL, (a, b) => a + b),
        };
        MetricsData Req(ExponentialHistogramDataPoint p) => Request(Resource, Exponential("e", "", AggregationTemporality.Delta, p));

        translator.Translate(Req(Point(T0Ms, T0Ms + 10_000, 2, 4, [1, 2, 3, 4], 1)), recorder);   // (2, 2^1.25] … (2^1.75, 4]
        translator.Translate(Req(Point(T0Ms + 10_000, T0Ms + 20_000, 1, 2, [5, 6], 2)), recorder); // (2, 2^1.5], (2^1.5, 4]

        var last = recorder.Samples.Where(s => s.Labels.Name == "e_bucket" && s.T == T0Ms + 20_000).Select(s => (s.Labels.Get("le"), s.V)).ToList();
        // Merged at scale 1: zero 3, (2, 2^1.5] = 1+2+5, (2^1.5, 4] = 3+4+6.
        Assert.Equal([("0", 3.0), (GoFloatFormat.FormatF(Math.Pow(2, 1.5)), 11.0), ("4", 24.0), ("+Inf", 24.0)], last);
        Assert.Equal(24.0, recorder.Samples.Last(s => s.Labels.Name == "e_count").V);
        Assert.Equal(2.0, recorder.Samples.Last(s => s.Labels.Name == "e_sum").V);
    }

    [Fact]
    public void Merging_caps_the_bucket_range_by_downscaling()
    {
        var total = new ExponentialHistogramDataPoint { Scale = 3, Count = 1, Positive = new ModelBuckets { Offset = 0, BucketCounts = [1] } };
        var delta = new ExponentialHistogramDataPoint { Scale = 3, Count = 1, Positive = new ModelBuckets { Offset = 1000, BucketCounts = [1] } };
        ExponentialHistogramMerge.AddInto(total, delta);
        Assert.True(total.Positive.BucketCounts.Length <= ExponentialHistogramMerge.MaxBuckets);
        Assert.True(total.Scale < 3);
        Assert.Equal(2UL, total.Count);
        Assert.Equal(2UL, total.Positive.BucketCounts.Aggregate(0UL, (a, b) => a + b));
    }
}
