using Vigil.Metrics.Tsdb;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Scrape.Support;

/// <summary>The head as an <see cref="IAppendable"/> (the TSDB facade is not part of this slice).</summary>
internal sealed class HeadAppendable(Head head) : IAppendable
{
    public IAppender Appender() => head.Appender();
}
