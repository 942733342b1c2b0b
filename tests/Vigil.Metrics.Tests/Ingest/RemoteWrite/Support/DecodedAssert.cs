using Google.Protobuf.Collections;
using Vigil.Metrics.Ingest.RemoteWrite;
using Vigil.Metrics.Model;
using Ref = Vigil.Metrics.Reference.RemoteWrite;
using RefV2 = Vigil.Metrics.Reference.RemoteWriteV2;

namespace Vigil.Metrics.Tests.Ingest.RemoteWrite.Support;

/// <summary>Asserts that a decoded batch holds exactly what the reference message holds; doubles compared by bits.</summary>
internal static class DecodedAssert
{
    public static void Same(Ref.WriteRequest expected, RemoteWriteBatch batch)
    {
        Assert.Equal(RemoteWriteVersion.V1, batch.Version);
        Assert.Equal(expected.Timeseries.Count, batch.Series.Length);
        for (int i = 0; i < expected.Timeseries.Count; i++)
        {
            var want = expected.Timeseries[i];
            var got = batch.Series[i];
            AssertLabels(want.Labels, batch.LabelsOf(got));
            Assert.False(got.InvalidUtf8);
            var samples = batch.SamplesOf(got);
            Assert.Equal(want.Samples.Count, samples.Length);
            for (int j = 0; j < samples.Length; j++)
            {
                Assert.Equal(want.Samples[j].Timestamp, samples[j].Timestamp);
                AssertBits(want.Samples[j].Value, samples[j].Value);
                Assert.Equal(0, samples[j].StartTimestamp);
            }
            var exemplars = batch.ExemplarsOf(got);
            Assert.Equal(want.Exemplars.Count, exemplars.Length);
            for (int j = 0; j < exemplars.Length; j++)
            {
                AssertLabels(want.Exemplars[j].Labels, batch.LabelsOf(exemplars[j]));
                AssertBits(want.Exemplars[j].Value, exemplars[j].Value);
                Assert.Equal(want.Exemplars[j].Timestamp, exemplars[j].Timestamp);
            }
            var histograms = batch.HistogramsOf(got);
            Assert.Equal(want.Histograms.Count, histograms.Length);
            for (int j = 0; j < histograms.Length; j++)
            {
                AssertHistogram(V1Fields(want.Histograms[j]), histograms[j]);
            }
        }
        Assert.Equal(expected.Metadata.Count, batch.Metadata.Length);
        for (int i = 0; i < expected.Metadata.Count; i++)
        {
            var want = expected.Metadata[i];
            var got = batch.Metadata[i];
            Assert.Equal((int)want.Type <= 7 ? (MetricType)(int)want.Type : MetricType.Unknown, got.Type);
            Assert.Equal(want.MetricFamilyName, got.FamilyName);
            Assert.Equal(want.Help, got.Help);
            Assert.Equal(want.Unit, got.Unit);
        }
    }

    public static void Same(RefV2.Request expected, RemoteWriteBatch batch)
    {
        Assert.Equal(RemoteWriteVersion.V2, batch.Version);
        var symbols = expected.Symbols;
        Assert.Equal(expected.Timeseries.Count, batch.Series.Length);
        for (int i = 0; i < expected.Timeseries.Count; i++)
        {
            var want = expected.Timeseries[i];
            var got = batch.Series[i];
            AssertRefs(symbols, want.LabelsRefs, batch.LabelsOf(got));
            var samples = batch.SamplesOf(got);
            Assert.Equal(want.Samples.Count, samples.Length);
            for (int j = 0; j < samples.Length; j++)
            {
                Assert.Equal(want.Samples[j].Timestamp, samples[j].Timestamp);
                Assert.Equal(want.Samples[j].StartTimestamp, samples[j].StartTimestamp);
                AssertBits(want.Samples[j].Value, samples[j].Value);
            }
            var exemplars = batch.ExemplarsOf(got);
            Assert.Equal(want.Exemplars.Count, exemplars.Length);
            for (int j = 0; j < exemplars.Length; j++)
            {
                AssertRefs(symbols, want.Exemplars[j].LabelsRefs, batch.LabelsOf(exemplars[j]));
                AssertBits(want.Exemplars[j].Value, exemplars[j].Value);
                Assert.Equal(want.Exemplars[j].Timestamp, exemplars[j].Timestamp);
            }
            var histograms = batch.HistogramsOf(got);
            Assert.Equal(want.Histograms.Count, histograms.Length);
            for (int j = 0; j < histograms.Length; j++)
            {
                AssertHistogram(V2Fields(want.Histograms[j]), histograms[j]);
            }
            Assert.Equal(want.Metadata is not null, got.HasMetadata);
            if (want.Metadata is not null)
            {
                Assert.Equal((int)want.Metadata.Type <= 7 ? (MetricType)(int)want.Metadata.Type : MetricType.Unknown, got.MetadataType);
                Assert.Equal(symbols[(int)want.Metadata.HelpRef], got.MetadataHelp);
                Assert.Equal(symbols[(int)want.Metadata.UnitRef], got.MetadataUnit);
            }
            Assert.Equal(want.CreatedTimestamp, got.CreatedTimestamp);
        }
    }

    private static void AssertLabels(RepeatedField<Ref.Label> want, ReadOnlySpan<Label> got)
    {
        Assert.Equal(want.Count, got.Length);
        for (int i = 0; i < want.Count; i++)
        {
            Assert.Equal(want[i].Name, got[i].Name);
            Assert.Equal(want[i].Value, got[i].Value);
        }
    }

    private static void AssertRefs(RepeatedField<string> symbols, RepeatedField<uint> refs, ReadOnlySpan<Label> got)
    {
        Assert.Equal(refs.Count / 2, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            Assert.Equal(symbols[(int)refs[2 * i]], got[i].Name);
            Assert.Equal(symbols[(int)refs[2 * i + 1]], got[i].Value);
        }
    }

    private static void AssertBits(double want, double got) =>
        Assert.Equal(BitConverter.DoubleToUInt64Bits(want), BitConverter.DoubleToUInt64Bits(got));

    private static WriteHistogram V1Fields(Ref.Histogram h) => new()
    {
        IsFloat = h.CountCase == Ref.Histogram.CountOneofCase.CountFloat, CountInt = h.CountInt, CountFloat = h.CountFloat,
        Sum = h.Sum, Schema = h.Schema, ZeroThreshold = h.ZeroThreshold,
        ZeroCountIsFloat = h.ZeroCountCase == Ref.Histogram.ZeroCountOneofCase.ZeroCountFloat, ZeroCountInt = h.ZeroCountInt,
        ZeroCountFloat = h.ZeroCountFloat, ResetHint = (int)h.ResetHint, Timestamp = h.Timestamp,
        NegativeSpans = h.NegativeSpans.Count, NegativeDeltas = h.NegativeDeltas.Count, NegativeCounts = h.NegativeCounts.Count,
        PositiveSpans = h.PositiveSpans.Count, PositiveDeltas = h.PositiveDeltas.Count, PositiveCounts = h.PositiveCounts.Count,
        CustomValues = h.CustomValues.Count,
    };

    private static WriteHistogram V2Fields(RefV2.Histogram h) => new()
    {
        IsFloat = h.CountCase == RefV2.Histogram.CountOneofCase.CountFloat, CountInt = h.CountInt, CountFloat = h.CountFloat,
        Sum = h.Sum, Schema = h.Schema, ZeroThreshold = h.ZeroThreshold,
        ZeroCountIsFloat = h.ZeroCountCase == RefV2.Histogram.ZeroCountOneofCase.ZeroCountFloat, ZeroCountInt = h.ZeroCountInt,
        ZeroCountFloat = h.ZeroCountFloat, ResetHint = (int)h.ResetHint, Timestamp = h.Timestamp, StartTimestamp = h.StartTimestamp,
        NegativeSpans = h.NegativeSpans.Count, NegativeDeltas = h.NegativeDeltas.Count, NegativeCounts = h.NegativeCounts.Count,
        PositiveSpans = h.PositiveSpans.Count, PositiveDeltas = h.PositiveDeltas.Count, PositiveCounts = h.PositiveCounts.Count,
        CustomValues = h.CustomValues.Count,
    };

    private static void AssertHistogram(WriteHistogram want, WriteHistogram got)
    {
        Assert.Equal(want.IsFloat, got.IsFloat);
        Assert.Equal(want.CountInt, got.CountInt);
        AssertBits(want.CountFloat, got.CountFloat);
        AssertBits(want.Sum, got.Sum);
        Assert.Equal(want.Schema, got.Schema);
        AssertBits(want.ZeroThreshold, got.ZeroThreshold);
        Assert.Equal(want.ZeroCountIsFloat, got.ZeroCountIsFloat);
        Assert.Equal(want.ZeroCountInt, got.ZeroCountInt);
        AssertBits(want.ZeroCountFloat, got.ZeroCountFloat);
        Assert.Equal(want.ResetHint, got.ResetHint);
        Assert.Equal(want.Timestamp, got.Timestamp);
        Assert.Equal(want.StartTimestamp, got.StartTimestamp);
        Assert.Equal((want.NegativeSpans, want.NegativeDeltas, want.NegativeCounts), (got.NegativeSpans, got.NegativeDeltas, got.NegativeCounts));
        Assert.Equal((want.PositiveSpans, want.PositiveDeltas, want.PositiveCounts), (got.PositiveSpans, got.PositiveDeltas, got.PositiveCounts));
        Assert.Equal(want.CustomValues, got.CustomValues);
    }
}
