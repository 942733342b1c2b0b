using Vigil.Metrics.Tsdb.Head;
using Vigil.Metrics.Tsdb.Querying;

namespace Vigil.Metrics.Tsdb;

// Temporary: head-only until the block format lands (replaced by the blocks merge).
public sealed partial class Db
{
    private void LoadBlocks() { }

    private void DisposeBlocks() { }

    internal Task MaintainAsync(CancellationToken stop) => Task.CompletedTask;

    public IQuerier Querier(long mint, long maxt) => new HeadQuerier(Head, mint, maxt);
}
