using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Discovery;

namespace Vigil.Metrics.Tests.Scrape;

public sealed class FileDiscoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-filesd").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Json_and_yaml_files_are_read_with_source_and_filepath()
    {
        string json = Path.Combine(_dir, "a.json");
        File.WriteAllText(json, """[{"targets": ["h1:1", "h2:2"], "labels": {"env": "prod"}, "ignored": 1}]""");
        var groups = TargetGroupFile.Parse(json, File.ReadAllText(json));
        var group = Assert.Single(groups);
        Assert.Equal(json + ":0", group.Source);
        Assert.Equal(Labels.Of("env", "prod", "__meta_filepath", json), group.Labels);
        Assert.Equal([Labels.Of("__address__", "h1:1"), Labels.Of("__address__", "h2:2")], group.Targets);

        var yaml = TargetGroupFile.Parse("b.yml", "- targets: [h3:3]\n- targets: [h4:4]\n  labels: {x: y}\n");
        Assert.Equal(["b.yml:0", "b.yml:1"], yaml.Select(g => g.Source));
    }

    [Theory]
    [InlineData("a.json", "[null]", "nil target group item found")]
    [InlineData("a.json", "{\"targets\": []}", "json: cannot unmarshal object into Go value of type []*targetgroup.Group")]
    [InlineData("a.json", "[{\"labels\": {\"\": \"x\"}}]", "\"\" is not a valid label name")]
    [InlineData("a.yml", "- targets: [a:1]\n  foo: 1\n", "line 2:3: [0].foo: field foo not found in type targetgroup.Group")]
    public void Bad_files_are_errors(string name, string content, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TargetGroupFile.Parse(name, content));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task File_changes_are_picked_up_and_a_broken_file_keeps_its_last_targets()
    {
        string file = Path.Combine(_dir, "targets.json");
        File.WriteAllText(file, """[{"targets": ["a:1"]}]""");
        var updates = new List<IReadOnlyList<TargetGroup>>();
        var changed = new SemaphoreSlim(0);
        var config = new FileSdConfig([Path.Combine(_dir, "*.json")], TimeSpan.FromHours(1));
        await using var discovery = new FileDiscovery(config, NullLogger.Instance, TimeProvider.System, groups =>
        {
            lock (updates) updates.Add(groups);
            changed.Release();
        });
        discovery.Start();
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("a:1", updates[^1].Single().Targets.Single().Get("__address__"));

        // The watcher notices the rewrite; no polling needed (the refresh interval is an hour).
        File.WriteAllText(file, """[{"targets": ["b:2", "c:3"]}]""");
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10)), "no update after the file changed");
        while (changed.CurrentCount > 0) await changed.WaitAsync();
        lock (updates) Assert.Equal(["b:2", "c:3"], updates[^1].Single().Targets.Select(t => t.Get("__address__")));

        // A broken file keeps the last good groups; the error is recorded.
        File.WriteAllText(file, "[{not json");
        discovery.Refresh();
        Assert.Contains(file, discovery.Errors.Keys);
        lock (updates) Assert.Equal(["b:2", "c:3"], updates[^1].Single().Targets.Select(t => t.Get("__address__")));

        // A deleted file loses its targets.
        File.Delete(file);
        discovery.Refresh();
        lock (updates) Assert.Empty(updates[^1]);
    }
}
