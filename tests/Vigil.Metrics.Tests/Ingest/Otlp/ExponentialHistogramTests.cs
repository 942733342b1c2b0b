using System.Globalization;
using CsCheck;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Ingest.Otlp;
using Vigil.Metrics.Model;
using Vigil.Otlp.Model;
using static Vigil.Metrics.Tests.Ingest.Otlp.OtlpTestKit;
using ModelBuckets = Vigil.Otlp.Model.ExponentialBuckets;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Exponential histograms become classic cumulative buckets (Vigil has no native histogram storage yet).</summary>
public class ExponentialHistogramTests
{
    private static readonly KeyValue[] Resource = Service("svc");

    private static List<(string Le, double V)> Buckets(RecordingAppender recorder, string name) =>
        recorder.Samples.Where(s => s.Labels.Name == name + "_bucket").Select(s => (s.Labels.Get("le"), s.V)).ToList();

    [Fact]
    public void Negative_zero_and_positive_buckets_fold_into_one_cumulative_series()
    {
        // scale 0: base 2. Negative bucket 0 holds |v| in (1,2] → le -1; bucket 1 holds (2,4] → le -2.
        var point = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Scale = 0, Count = 11, Sum = 4.5, ZeroCount = 1,
            Negative = new ModelBuckets { Offset = 0, BucketCounts = [3, 2] },
            Positive = new ModelBuckets { Offset = 0, BucketCounts = [1, 0, 4] },
        };
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Resource, Exponential("payload", "By", AggregationTemporality.Cumulative, point)), recorder);

        Assert.Equal(
            [("-2", 2.0), ("-1", 5.0), ("0", 6.0), ("2", 7.0), ("8", 11.0), ("+Inf", 11.0)],
            Buckets(recorder, "payload_bytes"));
        Assert.Equal(11, recorder.Samples.Single(s => s.Labels.Name == "payload_bytes_count").V);
        Assert.Equal(4.5, recorder.Samples.Single(s => s.Labels.Name == "payload_bytes_sum").V);
        Assert.Equal(Vigil.Metrics.Model.MetricType.Histogram, recorder.Metadata.Single(m => m.Labels.Name == "payload_bytes").Metadata.Type);
    }

    [Fact]
    public void Zero_threshold_is_the_zero_bucket_bound_and_fine_scales_are_merged_to_eight()
    {
        // scale 10 → 8: indexes 1024..1027 at scale 10 fall into index 256 at scale 8, whose upper bound is 2^(257/256).
        var point = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Scale = 10, Count = 6, ZeroCount = 2, ZeroThreshold = 0.001,
            Positive = new ModelBuckets { Offset = 1024, BucketCounts = [1, 1, 1, 1] },
        };
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Resource, Exponential("x", "", AggregationTemporality.Cumulative, point)), recorder);

        string upper = GoFloatFormat.FormatF(Math.Pow(2, 257.0 / 256));
        Assert.Equal([("0.001", 2.0), (upper, 6.0), ("+Inf", 6.0)], Buckets(recorder, "x"));
        Assert.DoesNotContain(recorder.Samples, s => s.Labels.Name == "x_sum");
    }

    [Fact]
    public void Scale_below_minus_four_is_refused_like_prometheus()
    {
        var point = new ExponentialHistogramDataPoint { TimeUnixNano = Ns(T0Ms), Scale = -5, Count = 0 };
        var result = Translator().Translate(Request(Resource, Exponential("x", "", AggregationTemporality.Cumulative, point)), new RecordingAppender());
        Assert.Equal("cannot convert exponential to native histogram. Scale must be >= -4, was -5", result.FirstError);
    }

    [Fact]
    public void Stale_point_marks_count_sum_and_buckets()
    {
        var point = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = Ns(T0Ms), Scale = 1, Count = 1, Sum = 1, Flags = DataPointFlags.NoRecordedValue,
            Positive = new ModelBuckets { Offset = 0, BucketCounts = [1] },
        };
        var recorder = new RecordingAppender();
        Translator().Translate(Request(Resource, Exponential("x", "", AggregationTemporality.Cumulative, point)), recorder);
        var samples = recorder.Samples.Where(s => s.Labels.Name.StartsWith("x_", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.True(StaleNaN.Is(s.V)));
    }

    private static readonly Gen<ExponentialHistogramDataPoint> Points =
        from scale in Gen.Int[-4, 10]
        from negOffset in Gen.Int[-40, 40]
        from negCounts in Gen.ULong[0, 1000].Array[0, 12]
        from posOffset in Gen.Int[-40, 40]
        from posCounts in Gen.ULong[0, 1000].Array[0, 12]
        from zeroCount in Gen.ULong[0, 50]
        from sparse in Gen.Bool
        select Make(scale, negOffset, sparse ? Sparse(negCounts) : negCounts, posOffset, sparse ? Sparse(posCounts) : posCounts, zeroCount);

    private static ulong[] Sparse(ulong[] counts) => counts.Select((c, i) => i % 3 == 0 ? c : 0).ToArray();

    private static ExponentialHistogramDataPoint Make(int scale, int negOffset, ulong[] neg, int posOffset, ulong[] pos, ulong zero) => new()
    {
        TimeUnixNano = Ns(T0Ms), Scale = scale, ZeroCount = zero, Sum = 1,
        Negative = new ModelBuckets { Offset = negOffset, BucketCounts = neg },
        Positive = new ModelBuckets { Offset = posOffset, BucketCounts = pos },
        Count = zero + neg.Aggregate(0UL, (a, b) => a + b) + pos.Aggregate(0UL, (a, b) => a + b),
    };

    /// <summary>
    /// Property: for random exponential histograms the bounds strictly increase, the counts never decrease,
    /// +Inf equals the count, and each bucket's value is exactly the number of observations whose bucket
    /// lies at or below the bound, computed independently from the original (unmerged) buckets.
    /// </summary>
    [Fact]
    public void Converted_buckets_are_exact_cumulative_counts()
    {
        Points.Sample(point =>
        {
            var recorder = new RecordingAppender();
            Translator().Translate(Request(Resource, Exponential("p", "", AggregationTemporality.Cumulative, point)), recorder);
            var buckets = Buckets(recorder, "p");
            Assert.Equal("+Inf", buckets[^1].Le);
            Assert.Equal(point.Count, buckets[^1].V);

            double previousLe = double.NegativeInfinity, previousCount = 0;
            foreach (var (leText, value) in buckets.Take(buckets.Count - 1))
            {
                double le = double.Parse(leText, CultureInfo.InvariantCulture);
                Assert.True(le > previousLe, $"bounds not increasing at {leText}");
                Assert.True(value >= previousCount, $"counts decrease at {leText}");
                Assert.Equal(ExpectedAtOrBelow(point, le), value);
                previousLe = le;
                previousCount = value;
            }
            Assert.True(previousCount <= point.Count);
        }, iter: 500);
    }

    /// <summary>Observations whose original bucket ends at or below <paramref name="le"/> (relative tolerance far below a bucket's width).</summary>
    private static double ExpectedAtOrBelow(ExponentialHistogramDataPoint p, double le)
    {
        double Base(long index) => Math.Pow(2, index * Math.Pow(2, -p.Scale));
        bool AtOrBelow(double bound) => bound <= le + Math.Abs(le) * 1e-9;
        ulong total = 0;
        for (int i = 0; i < p.Negative.BucketCounts.Length; i++)
            if (AtOrBelow(-Base(p.Negative.Offset + i))) total += p.Negative.BucketCounts[i];
        if (AtOrBelow(0)) total += p.ZeroCount;
        for (int i = 0; i < p.Positive.BucketCounts.Length; i++)
            if (AtOrBelow(Base(p.Positive.Offset + i + 1))) total += p.Positive.BucketCounts[i];
        return total;
    }

    [Fact]
    public void Bounds_are_exact_powers_of_two_at_non_positive_scales()
    {
        Assert.Equal(65536.0, ExponentialBucketMath.Bound(-4, 1));
        Assert.Equal(0.5, ExponentialBucketMath.Bound(0, -1));
        Assert.Equal(Math.Sqrt(2), ExponentialBucketMath.Bound(1, 1), 15);
        Assert.Equal(4.0, ExponentialBucketMath.Bound(3, 16));
        Assert.Equal(double.PositiveInfinity, ExponentialBucketMath.Bound(-4, 100));
    }
}
