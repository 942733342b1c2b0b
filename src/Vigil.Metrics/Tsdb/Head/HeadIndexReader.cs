using Vigil.Metrics.Tsdb.Index;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb.Head;

internal sealed class HeadIndexReader(MemPostings postings) : IIndexReader
{
    public Postings Postings(string name, string value) => postings.Get(name, value);
    public List<Postings> PostingsForValues(string name, Func<string, bool> accept) => postings.ForValues(name, accept);
    public Postings AllPostings() => postings.All();
}
