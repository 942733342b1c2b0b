using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb;
using static Vigil.Metrics.Tests.Tsdb.TsdbTestSupport;

namespace Vigil.Metrics.Tests.Tsdb;

/// <summary>
/// Opening in two steps (<see cref="Db.Create"/>, then <see cref="Db.Load"/>), as the host does to listen while
/// the WAL replays; and the metrics role's <see cref="MetricsRole.StoreOpened"/> signal that other writers await.
/// </summary>
public sealed class DbLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-dbload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Create_reads_nothing_and_Load_brings_back_what_the_wal_holds()
    {
        await using (var db = Open(_dir))
        {
            var app = db.Appender();
            ulong r = 0;
            app.Append(ref r, Labels.Of("__name__", "up", "job", "a"), 1_000, 1);
            app.Append(ref r, Labels.Of("__name__", "up", "job", "a"), 16_000, 0);
            await app.CommitAsync();
        }

        await using var reopened = Db.Create(new DbOptions { Directory = _dir }, NullLogger.Instance);
        Assert.Equal(0, reopened.HeadSeriesCount);
        Assert.Empty(ReadAll(reopened));

        reopened.Load();
        Assert.Equal(1, reopened.HeadSeriesCount);
        Assert.Equal([(1_000L, 1.0), (16_000L, 0.0)], ReadAll(reopened)["{__name__=\"up\", job=\"a\"}"]);
        // The WAL is open again: a new commit is kept.
        var more = reopened.Appender();
        ulong r2 = 0;
        more.Append(ref r2, Labels.Of("__name__", "up", "job", "a"), 31_000, 1);
        await more.CommitAsync();
        Assert.Equal(3, ReadAll(reopened)["{__name__=\"up\", job=\"a\"}"].Count);
    }

    [Fact]
    public async Task StoreOpened_completes_only_after_OpenStore()
    {
        var options = new MetricsRoleOptions { Storage = new DbOptions { Directory = Path.Combine(_dir, "metrics") }, ConfigFile = "" };
        await using var role = MetricsRole.Create(options, NullLoggerFactory.Instance);
        Assert.False(role.StoreOpened.IsCompleted);
        await Task.Run(role.OpenStore);
        Assert.True(role.StoreOpened.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StoreOpened_faults_when_the_store_cannot_be_loaded()
    {
        string metrics = Path.Combine(_dir, "metrics");
        var options = new MetricsRoleOptions { Storage = new DbOptions { Directory = metrics }, ConfigFile = "" };
        await using var role = MetricsRole.Create(options, NullLoggerFactory.Instance);
        await File.WriteAllTextAsync(Path.Combine(metrics, "wal"), "not a directory");
        var thrown = Assert.ThrowsAny<IOException>(role.OpenStore);
        Assert.Same(thrown, await Assert.ThrowsAnyAsync<IOException>(() => role.StoreOpened));
    }
}
