using CsCheck;
using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tests.Tsdb.Index;

public class PostingsOpsTests
{
    private static readonly Gen<ulong[]> Sorted = Gen.ULong[1, 300].Array[0, 60].Select(a => a.Distinct().Order().ToArray());

    [Fact]
    public void Intersect_merge_and_without_agree_with_sets()
    {
        Gen.Select(Sorted, Sorted, Sorted).Sample((a, b, c) =>
        {
            Assert.Equal(a.Intersect(b).Intersect(c).Order(),
                PostingsOps.ToList(PostingsOps.Intersect([new ListPostings(a), new ListPostings(b), new ListPostings(c)])));
            Assert.Equal(a.Union(b).Union(c).Order(),
                PostingsOps.ToList(PostingsOps.Merge([new ListPostings(a), new ListPostings(b), new ListPostings(c)])));
            Assert.Equal(a.Except(b).Order(), PostingsOps.ToList(PostingsOps.Without(new ListPostings(a), new ListPostings(b))));
        }, iter: 500);
    }

    [Fact]
    public void Seek_on_combined_postings_finds_the_next_member()
    {
        Gen.Select(Sorted, Sorted, Gen.ULong[0, 320]).Sample((a, b, target) =>
        {
            var expected = a.Union(b).Where(x => x >= target).Order().FirstOrDefault();
            var merged = PostingsOps.Merge([new ListPostings(a), new ListPostings(b)]);
            Assert.Equal(expected != 0, merged.Seek(target));
            if (expected != 0) Assert.Equal(expected, merged.At);
            var inter = a.Intersect(b).Where(x => x >= target).Order().FirstOrDefault();
            var both = PostingsOps.Intersect([new ListPostings(a), new ListPostings(b)]);
            Assert.Equal(inter != 0, both.Seek(target));
            if (inter != 0) Assert.Equal(inter, both.At);
        }, iter: 500);
    }
}
