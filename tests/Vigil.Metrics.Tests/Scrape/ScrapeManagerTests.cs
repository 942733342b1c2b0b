using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Metrics.Api;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape;
using Vigil.Metrics.Tests.Scrape.Support;
using Vigil.Metrics.Tsdb.Head;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class ScrapeManagerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-scrape").FullName;
    private readonly Head _head = new(new HeadOptions());
    private readonly ManualTime _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private TestTarget _one = null!, _two = null!;
    private ScrapeManager _manager = null!;

    private string ConfigPath => Path.Combine(_dir, "prometheus.yml");

    public async Task InitializeAsync()
    {
        _one = await TestTarget.StartAsync();
        _two = await TestTarget.StartAsync();
        _one.Respond("a 1\nb 2\n");
        _two.Respond("c 3\n");
        _manager = new ScrapeManager(new HeadAppendable(_head), new ScrapeManagerOptions { ConfigFile = ConfigPath, UserAgent = "Vigil/test" }, null, _time);
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private async Task<ReloadResult> WriteAndReload(string yaml)
    {
        File.WriteAllText(ConfigPath, yaml);
        return await _manager.ReloadAsync();
    }

    private string Job(string name, params TestTarget[] targets) =>
        $"  - job_name: {name}\n    scrape_interval: 1h\n    static_configs:\n      - targets: [{string.Join(", ", targets.Select(t => $"\"{t.Address}\""))}]\n";

    private ScrapeLoop LoopFor(string job, TestTarget target) =>
        _manager.Pools.Single(p => p.Job == job).Loops.Single(l => l.Target.Url.Port == target.Url.Port);

    private async Task ScrapeAll()
    {
        _time.Advance(TimeSpan.FromSeconds(15));
        foreach (var pool in _manager.Pools)
            foreach (var loop in pool.Loops) await loop.ScrapeOnceAsync();
    }

    [Fact]
    public async Task Unchanged_targets_keep_their_loop_and_state_across_reloads()
    {
        Assert.True((await WriteAndReload("scrape_configs:\n" + Job("web", _one, _two))).Success);
        var loop = LoopFor("web", _one);
        await ScrapeAll();
        Assert.Equal(2, loop.Cache.PreviousCount);

        // Same file, then another job added: the loop object and its cache survive.
        Assert.True((await WriteAndReload("scrape_configs:\n" + Job("web", _one, _two))).Success);
        Assert.True((await WriteAndReload("scrape_configs:\n" + Job("web", _one, _two) + Job("other", _two))).Success);
        Assert.Same(loop, LoopFor("web", _one));
        Assert.Equal(2, loop.Cache.PreviousCount);
        Assert.Equal(["other", "web"], _manager.Pools.Select(p => p.Job).Order());
    }

    [Fact]
    public async Task Removed_target_and_removed_job_get_stale_markers()
    {
        await WriteAndReload("scrape_configs:\n" + Job("web", _one, _two) + Job("other", _one));
        await ScrapeAll();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await WriteAndReload("scrape_configs:\n" + Job("web", _one))).Success);

        var c = HeadReader.Named(_head, "c").Single();
        Assert.True(StaleNaN.Is(c.Samples[^1].V)); // _two's series, target removed from "web"
        var otherUp = HeadReader.Named(_head, "up").Single(s => s.Labels.Get("job") == "other");
        Assert.True(StaleNaN.Is(otherUp.Samples[^1].V)); // job removed
        var webOneUp = HeadReader.Named(_head, "up").Single(s => s.Labels.Get("job") == "web" && s.Labels.Get("instance") == _one.Address);
        Assert.False(StaleNaN.Is(webOneUp.Samples[^1].V)); // still running
    }

    [Fact]
    public async Task Changed_settings_restart_the_loop_and_carry_staleness_over()
    {
        await WriteAndReload("scrape_configs:\n" + Job("web", _one));
        var before = LoopFor("web", _one);
        await ScrapeAll();

        // A metric relabeling change: new loop, and the dropped series b becomes stale on its first scrape.
        string changed = "scrape_configs:\n" + Job("web", _one) + "    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: b\n        action: drop\n";
        Assert.True((await WriteAndReload(changed)).Success);
        var after = LoopFor("web", _one);
        Assert.NotSame(before, after);
        Assert.Same(before.Target.Health, after.Target.Health);
        await ScrapeAll();
        Assert.True(StaleNaN.Is(HeadReader.Named(_head, "b").Single().Samples[^1].V));
        Assert.False(StaleNaN.Is(HeadReader.Named(_head, "a").Single().Samples[^1].V));
    }

    [Fact]
    public async Task Interval_change_keeps_the_cache()
    {
        await WriteAndReload("scrape_configs:\n" + Job("web", _one));
        var before = LoopFor("web", _one);
        await ScrapeAll();
        await WriteAndReload("scrape_configs:\n" + Job("web", _one).Replace("1h", "30m", StringComparison.Ordinal));
        var after = LoopFor("web", _one);
        Assert.NotSame(before, after);
        Assert.Same(before.Cache, after.Cache);
        Assert.Equal(TimeSpan.FromMinutes(30), after.Target.Interval);
    }

    [Fact]
    public async Task Bad_config_is_rejected_and_the_old_one_keeps_running()
    {
        await WriteAndReload("scrape_configs:\n" + Job("web", _one));
        var loop = LoopFor("web", _one);
        var result = await WriteAndReload("scrape_configs:\n" + Job("web", _one) + "    bogus: 1\n");
        Assert.False(result.Success);
        Assert.Contains("field bogus not found in type config.ScrapeConfig", result.Error);
        Assert.StartsWith("couldn't load configuration (--config.file=", result.Error);
        Assert.False(_manager.LastReloadSucceeded);
        Assert.Same(loop, LoopFor("web", _one));
        await ScrapeAll();
        Assert.Equal(1, HeadReader.Last(_head, "up"));
    }

    [Fact]
    public async Task File_sd_changes_add_and_remove_targets()
    {
        string sd = Path.Combine(_dir, "targets.json");
        File.WriteAllText(sd, $"[{{\"targets\": [\"{_one.Address}\"], \"labels\": {{\"team\": \"a\"}}}}]");
        await WriteAndReload("scrape_configs:\n  - job_name: sd\n    scrape_interval: 1h\n    file_sd_configs:\n      - files: [\"*.json\"]\n");
        var pool = _manager.Pools.Single();
        var single = Assert.Single(pool.Loops);
        Assert.Equal("a", single.Target.Labels.Get("team"));

        var synced = new SemaphoreSlim(0);
        pool.Synced += _ => synced.Release();
        File.WriteAllText(sd, $"[{{\"targets\": [\"{_one.Address}\", \"{_two.Address}\"], \"labels\": {{\"team\": \"a\"}}}}]");
        while (pool.Loops.Count < 2) Assert.True(await synced.WaitAsync(TimeSpan.FromSeconds(10)), "no sync after the file changed");
        Assert.Contains(single, pool.Loops); // the first target kept its loop
    }

    [Fact]
    public async Task Missing_config_file_means_no_scraping()
    {
        var result = await _manager.ReloadAsync();
        Assert.True(result.Success);
        Assert.Empty(_manager.Pools);
        Assert.Contains(result.Warnings, w => w.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Targets_api_serves_prometheus_shapes()
    {
        await WriteAndReload("scrape_configs:\n" + Job("web", _one) + "    relabel_configs:\n      - source_labels: [__address__]\n        regex: nothing-matches\n        action: keep\n"
            + Job("api", _two));
        await ScrapeAll();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        TargetsApi.Map(app, _manager);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var all = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets"));
        Assert.Equal("success", all.RootElement.GetProperty("status").GetString());
        var data = all.RootElement.GetProperty("data");
        var active = Assert.Single(data.GetProperty("activeTargets").EnumerateArray());
        Assert.Equal("api", active.GetProperty("scrapePool").GetString());
        Assert.Equal("up", active.GetProperty("health").GetString());
        Assert.Equal("", active.GetProperty("lastError").GetString());
        Assert.Equal(_two.Url.ToString(), active.GetProperty("scrapeUrl").GetString());
        Assert.Equal("1h", active.GetProperty("scrapeInterval").GetString());
        Assert.Equal("10s", active.GetProperty("scrapeTimeout").GetString());
        Assert.Equal("api", active.GetProperty("labels").GetProperty("job").GetString());
        Assert.Equal(_two.Address, active.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.EndsWith("Z", active.GetProperty("lastScrape").GetString());
        Assert.True(active.GetProperty("lastScrapeDuration").GetDouble() >= 0);
        var dropped = Assert.Single(data.GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal("web", dropped.GetProperty("scrapePool").GetString());
        Assert.Equal(1, data.GetProperty("droppedTargetCounts").GetProperty("web").GetInt32());

        using var activeOnly = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets?state=active&scrapePool=api"));
        Assert.Empty(activeOnly.RootElement.GetProperty("data").GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, activeOnly.RootElement.GetProperty("data").GetProperty("droppedTargetCounts").ValueKind);

        using var pools = JsonDocument.Parse(await http.GetStringAsync("/api/v1/scrape_pools"));
        Assert.Equal(["api", "web"], pools.RootElement.GetProperty("data").GetProperty("scrapePools").EnumerateArray().Select(e => e.GetString()));
    }
}
