using Vigil.Metrics.Tsdb.Index;

namespace Vigil.Metrics.Tsdb.Querying;

/// <summary>What <see cref="PostingsForMatchers"/> needs from an index (the head's or a block's).</summary>
internal interface IIndexReader
{
    Postings Postings(string name, string value);

    /// <summary>Postings of each value of <paramref name="name"/> that <paramref name="accept"/> accepts.</summary>
    List<Postings> PostingsForValues(string name, Func<string, bool> accept);

    Postings AllPostings();
}
