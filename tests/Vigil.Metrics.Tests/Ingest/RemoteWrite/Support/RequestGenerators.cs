using CsCheck;
using Ref = Vigil.Metrics.Reference.RemoteWrite;
using RefV2 = Vigil.Metrics.Reference.RemoteWriteV2;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>
/// CsCheck generators of remote write requests in the reference model: UTF-8 labels (multi-byte, control
/// characters, strings past the cache's 128 bytes), any double bit pattern (NaN payloads, the stale
/// marker, ±Inf, -0), timestamps over the whole int64 range, exemplars, native histograms of both kinds,
/// metadata, and for 2.0 symbol tables with repeated references and both start-time encodings.
/// </summary>
internal static class RequestGenerators
{
    private static readonly string[] TextPieces =
    [
        "a", "b", "z", "Q", "0", "9", " ", "_", ":", ".", "-", "/", "é", "ß", "中", "文", "😀", "👍🏽", "\u0000", "\u001f",
        "\"", "\\", "\n", "\t", "\u2028", "\u007f", "\uFEFF", "__name__", "job", "instance", "up", new string('x', 130),
    ];

    public static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.OneOf("__name__", "job", "instance", "le", "up", "node_cpu_seconds_total", "", "127.0.0.1:9100")),
        (2, Gen.OneOf(TextPieces).Array[0, 5].Select(string.Concat)));

    /// <summary>Any bit pattern half the time: the decoder must carry every NaN payload unchanged.</summary>
    public static readonly Gen<double> Value = Gen.Frequency(
        (3, Gen.Long.Select(BitConverter.Int64BitsToDouble)),
        (2, Gen.Int[-1000, 1000].Select(i => i / 4.0)),
        (2, Gen.OneOf(BitConverter.UInt64BitsToDouble(0x7ff0000000000002UL), BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL),
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, double.MaxValue)));

    public static readonly Gen<long> Timestamp = Gen.Frequency(
        (3, Gen.Long[1_600_000_000_000L, 1_900_000_000_000L]),
        (1, Gen.OneOf(0L, -1L, long.MinValue, long.MaxValue)),
        (1, Gen.Long));

    private static readonly Gen<Ref.Label> Label = Gen.Select(Text, Text, (n, v) => new Ref.Label { Name = n, Value = v });

    private static readonly Gen<Ref.Sample> Sample = Gen.Select(Value, Timestamp, (v, t) => new Ref.Sample { Value = v, Timestamp = t });

    private static readonly Gen<Ref.Exemplar> Exemplar = Gen.Select(Label.Array[0, 3], Value, Timestamp, (labels, v, t) =>
    {
        var exemplar = new Ref.Exemplar { Value = v, Timestamp = t };
        exemplar.Labels.AddRange(labels);
        return exemplar;
    });

    private static readonly Gen<(int Offset, uint Length)[]> Spans = Gen.Select(Gen.Int, Gen.UInt).Array[0, 3];

    /// <summary>Fields of a histogram, in one tuple so 1.0 and 2.0 messages are filled alike.</summary>
    private static readonly Gen<HistogramFields> Histogram =
        from count in Gen.Int[0, 2]
        from countInt in Gen.ULong
        from countFloat in Value
        from sum in Value
        from schema in Gen.Int[-53, 8]
        from zeroThreshold in Value
        from zero in Gen.Int[0, 2]
        from zeroInt in Gen.ULong
        from zeroFloat in Value
        from negativeSpans in Spans
        from negativeDeltas in Gen.Long.Array[0, 4]
        from negativeCounts in Value.Array[0, 4]
        from positiveSpans in Spans
        from positiveDeltas in Gen.Long.Array[0, 4]
        from positiveCounts in Value.Array[0, 4]
        from resetHint in Gen.Int[0, 3]
        from t in Timestamp
        from custom in Value.Array[0, 3]
        from start in Timestamp
        select new HistogramFields(count, countInt, countFloat, sum, schema, zeroThreshold, zero, zeroInt, zeroFloat,
            negativeSpans, negativeDeltas, negativeCounts, positiveSpans, positiveDeltas, positiveCounts, resetHint, t, custom, start);

    private static readonly Gen<Ref.TimeSeries> Series =
        Gen.Select(Label.Array[0, 6], Sample.Array[0, 4], Exemplar.Array[0, 2], Histogram.Array[0, 2], (labels, samples, exemplars, histograms) =>
        {
            var series = new Ref.TimeSeries();
            series.Labels.AddRange(labels);
            series.Samples.AddRange(samples);
            series.Exemplars.AddRange(exemplars);
            foreach (var h in histograms)
            {
                series.Histograms.Add(h.ToV1());
            }
            return series;
        });

    private static readonly Gen<Ref.MetricMetadata> Metadata = Gen.Select(Gen.Int[0, 9], Text, Text, Text, (type, family, help, unit) =>
        new Ref.MetricMetadata { Type = (Ref.MetricMetadata.Types.MetricType)type, MetricFamilyName = family, Help = help, Unit = unit });

    public static readonly Gen<Ref.WriteRequest> V1 = Gen.Select(Series.Array[0, 5], Metadata.Array[0, 3], (series, metadata) =>
    {
        var request = new Ref.WriteRequest();
        request.Timeseries.AddRange(series);
        request.Metadata.AddRange(metadata);
        return request;
    });

    private static Gen<RefV2.TimeSeries> SeriesV2(int symbols)
    {
        var reference = Gen.UInt[0, (uint)symbols - 1];
        var metadata = Gen.Select(Gen.Int[0, 9], reference, reference, (type, help, unit) =>
            new RefV2.Metadata { Type = (RefV2.Metadata.Types.MetricType)type, HelpRef = help, UnitRef = unit });
        var sample = Gen.Select(Value, Timestamp, Gen.Frequency((2, Gen.Const(0L)), (1, Timestamp)),
            (v, t, start) => new RefV2.Sample { Value = v, Timestamp = t, StartTimestamp = start });
        var exemplar = Gen.Select(reference.Array[0, 2], reference.Array[0, 2], Value, Timestamp, (names, values, v, t) =>
        {
            var e = new RefV2.Exemplar { Value = v, Timestamp = t };
            for (int i = 0; i < Math.Min(names.Length, values.Length); i++)
            {
                e.LabelsRefs.Add(names[i]);
                e.LabelsRefs.Add(values[i]);
            }
            return e;
        });
        return
            from names in reference.Array[0, 5]
            from values in reference.Array[5]
            from samples in sample.Array[0, 3]
            from histograms in Histogram.Array[0, 2]
            from exemplars in exemplar.Array[0, 2]
            from meta in Gen.Frequency((1, Gen.Const((RefV2.Metadata?)null)), (3, metadata.Select(m => (RefV2.Metadata?)m)))
            from created in Gen.Frequency((2, Gen.Const(0L)), (1, Timestamp))
            select BuildV2Series(names, values, samples, histograms, exemplars, meta, created);
    }

    private static RefV2.TimeSeries BuildV2Series(uint[] names, uint[] values, RefV2.Sample[] samples, HistogramFields[] histograms,
        RefV2.Exemplar[] exemplars, RefV2.Metadata? metadata, long created)
    {
        var series = new RefV2.TimeSeries { CreatedTimestamp = created, Metadata = metadata };
        for (int i = 0; i < names.Length; i++)
        {
            series.LabelsRefs.Add(names[i]);
            series.LabelsRefs.Add(values[i]);
        }
        series.Samples.AddRange(samples);
        foreach (var h in histograms)
        {
            series.Histograms.Add(h.ToV2());
        }
        series.Exemplars.AddRange(exemplars);
        return series;
    }

    public static readonly Gen<RefV2.Request> V2 =
        from symbols in Text.Array[0, 10]
        from series in SeriesV2(symbols.Length + 1).Array[0, 4]
        select BuildV2(symbols, series);

    private static RefV2.Request BuildV2(string[] symbols, RefV2.TimeSeries[] series)
    {
        var request = new RefV2.Request();
        request.Symbols.Add("");
        request.Symbols.AddRange(symbols);
        request.Timeseries.AddRange(series);
        return request;
    }
}

internal sealed record HistogramFields(int Count, ulong CountInt, double CountFloat, double Sum, int Schema, double ZeroThreshold,
    int Zero, ulong ZeroInt, double ZeroFloat, (int Offset, uint Length)[] NegativeSpans, long[] NegativeDeltas, double[] NegativeCounts,
    (int Offset, uint Length)[] PositiveSpans, long[] PositiveDeltas, double[] PositiveCounts, int ResetHint, long Timestamp,
    double[] CustomValues, long Start)
{
    public Ref.Histogram ToV1()
    {
        var h = new Ref.Histogram
        {
            Sum = Sum, Schema = Schema, ZeroThreshold = ZeroThreshold, ResetHint = (Ref.Histogram.Types.ResetHint)ResetHint, Timestamp = Timestamp,
        };
        if (Count == 1) h.CountInt = CountInt;
        if (Count == 2) h.CountFloat = CountFloat;
        if (Zero == 1) h.ZeroCountInt = ZeroInt;
        if (Zero == 2) h.ZeroCountFloat = ZeroFloat;
        foreach (var (o, l) in NegativeSpans) h.NegativeSpans.Add(new Ref.BucketSpan { Offset = o, Length = l });
        foreach (var (o, l) in PositiveSpans) h.PositiveSpans.Add(new Ref.BucketSpan { Offset = o, Length = l });
        h.NegativeDeltas.AddRange(NegativeDeltas);
        h.NegativeCounts.AddRange(NegativeCounts);
        h.PositiveDeltas.AddRange(PositiveDeltas);
        h.PositiveCounts.AddRange(PositiveCounts);
        h.CustomValues.AddRange(CustomValues);
        return h;
    }

    public RefV2.Histogram ToV2()
    {
        var h = new RefV2.Histogram
        {
            Sum = Sum, Schema = Schema, ZeroThreshold = ZeroThreshold, ResetHint = (RefV2.Histogram.Types.ResetHint)ResetHint,
            Timestamp = Timestamp, StartTimestamp = Start,
        };
        if (Count == 1) h.CountInt = CountInt;
        if (Count == 2) h.CountFloat = CountFloat;
        if (Zero == 1) h.ZeroCountInt = ZeroInt;
        if (Zero == 2) h.ZeroCountFloat = ZeroFloat;
        foreach (var (o, l) in NegativeSpans) h.NegativeSpans.Add(new RefV2.BucketSpan { Offset = o, Length = l });
        foreach (var (o, l) in PositiveSpans) h.PositiveSpans.Add(new RefV2.BucketSpan { Offset = o, Length = l });
        h.NegativeDeltas.AddRange(NegativeDeltas);
        h.NegativeCounts.AddRange(NegativeCounts);
        h.PositiveDeltas.AddRange(PositiveDeltas);
        h.PositiveCounts.AddRange(PositiveCounts);
        h.CustomValues.AddRange(CustomValues);
        return h;
    }
}
