using CsCheck;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tests.Tsdb.Querying;

/// <summary>
/// The merge of one series' sources (blocks and head) against a plain reference: every timestamp once, ascending,
/// with the first source's value where sources overlap; Seek lands on the first sample at or after its time.
/// </summary>
public class MergedSeriesIteratorTests
{
    // Sources of ascending timestamps: disjoint ranges (the usual case), overlapping ranges and exact duplicates.
    private static readonly Gen<List<FPoint>[]> Sources =
        Gen.Int[1, 4].SelectMany(n => Gen.Int[0, 30].Select(Gen.Int[0, 200], Gen.Int[1, 5], (count, from, stride) => (count, from, stride))
            .Array[n]
            .Select(specs => specs.Select((spec, i) => Enumerable.Range(0, spec.count)
                .Select(k => new FPoint(spec.from + (k * spec.stride), (i * 1000) + k)).ToList()).ToArray()));

    private static List<FPoint> Reference(List<FPoint>[] sources)
    {
        var byTime = new SortedDictionary<long, double>();
        foreach (var source in sources)
            foreach (var p in source)
                byTime.TryAdd(p.T, p.F);
        return byTime.Select(kv => new FPoint(kv.Key, kv.Value)).ToList();
    }

    private static MergedSeriesIterator Merge(List<FPoint>[] sources) =>
        new(sources.Select(s => (SampleIterator)new PointsIterator().Reset(s)).ToArray());

    [Fact]
    public void Next_yields_every_timestamp_once_with_the_first_sources_value()
    {
        Sources.Sample(sources =>
        {
            var it = Merge(sources);
            var got = new List<FPoint>();
            while (it.Next() != ValueKind.None) got.Add(new FPoint(it.AtT(), it.AtF()));
            Assert.Equal(Reference(sources), got);
        }, iter: 3_000);
    }

    [Fact]
    public void Seek_then_next_agree_with_the_reference()
    {
        Gen.Select(Sources, Gen.Int[0, 400].Array[1, 6]).Sample((sources, seeks) =>
        {
            var expected = Reference(sources);
            var it = Merge(sources);
            long position = long.MinValue;
            foreach (int seek in seeks.Order())
            {
                var kind = it.Seek(seek);
                // Seek never moves backwards: the target is the first sample at or after max(seek, current).
                long target = Math.Max(seek, position);
                int index = expected.FindIndex(p => p.T >= target);
                if (index < 0)
                {
                    Assert.Equal(ValueKind.None, kind);
                    return;
                }
                Assert.Equal(ValueKind.Float, kind);
                Assert.Equal(expected[index], new FPoint(it.AtT(), it.AtF()));
                position = it.AtT();
                // Read two more through Next after each seek.
                for (int k = 1; k <= 2 && index + k < expected.Count; k++)
                {
                    Assert.Equal(ValueKind.Float, it.Next());
                    Assert.Equal(expected[index + k], new FPoint(it.AtT(), it.AtF()));
                    position = it.AtT();
                }
            }
        }, iter: 3_000);
    }
}
