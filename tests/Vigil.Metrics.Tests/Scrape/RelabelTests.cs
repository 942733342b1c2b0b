using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Tests.Scrape;

public class RelabelTests
{
    private static Labels? Apply(Labels input, params RelabelConfig[] configs) => Relabeler.Compile(configs).Process(input);

    private static RelabelConfig Replace(string[] sources, string target, string regex = "(.*)", string replacement = "$1", string separator = ";") =>
        new() { SourceLabels = sources, TargetLabel = target, Regex = regex, RegexSet = true, Replacement = replacement, Separator = separator };

    [Fact]
    public void Replace_with_defaults_copies_the_source_value()
    {
        var result = Apply(Labels.Of("a", "foo"), new RelabelConfig { SourceLabels = ["a"], TargetLabel = "b" });
        Assert.Equal(Labels.Of("a", "foo", "b", "foo"), result);
    }

    [Fact]
    public void Replace_joins_sources_with_the_separator_and_missing_sources_are_empty()
    {
        var result = Apply(Labels.Of("a", "foo", "c", "baz"), Replace(["a", "missing", "c"], "d", "(.*)", "$1", "|"));
        Assert.Equal("foo||baz", result!.Get("d"));
    }

    [Fact]
    public void Replace_expands_numbered_braced_and_named_groups()
    {
        var result = Apply(Labels.Of("a", "foo-bar"),
            Replace(["a"], "x", "(?P<first>[a-z]+)-(?P<second>[a-z]+)", "${second}_$1_${2}x_$$"));
        // "${2}x" is group 2 then a literal x; "$$" is a dollar; "$1_" reads the (absent) group named "1_", as in Go.
        Assert.Equal("bar_barx_$", result!.Get("x"));
    }

    [Fact]
    public void Go_numbering_counts_named_and_unnamed_groups_left_to_right()
    {
        // .NET numbers unnamed groups first; Go (and so Prometheus) numbers in order of the parentheses.
        var result = Apply(Labels.Of("a", "xy"), Replace(["a"], "r", "(?P<n>x)(y)", "$1-$2"));
        Assert.Equal("x-y", result!.Get("r"));
    }

    [Fact]
    public void Dollar_name_takes_the_longest_word_so_an_unknown_group_expands_to_nothing()
    {
        var result = Apply(Labels.Of("a", "foo"), Replace(["a"], "b", "(foo)", "$1x-end"));
        Assert.Equal("-end", result!.Get("b"));
    }

    [Fact]
    public void Replace_without_a_match_changes_nothing()
    {
        var input = Labels.Of("a", "foo", "b", "keep");
        Assert.Equal(input, Apply(input, Replace(["a"], "b", "bar", "x")));
    }

    [Fact]
    public void Regex_is_anchored_at_both_ends()
    {
        var input = Labels.Of("a", "foobar");
        Assert.Equal(input, Apply(input, Replace(["a"], "b", "foo", "x")));
        Assert.Equal("x", Apply(input, Replace(["a"], "b", "foo.*", "x"))!.Get("b"));
    }

    [Fact]
    public void Empty_replacement_deletes_the_target_label()
    {
        var result = Apply(Labels.Of("a", "foo", "b", "old"), Replace(["a"], "b", "(.*)", ""));
        Assert.Equal(Labels.Of("a", "foo"), result);
    }

    [Fact]
    public void Target_label_template_is_expanded_and_skipped_when_it_expands_to_nothing()
    {
        var named = Apply(Labels.Of("a", "some-name-value"), Replace(["a"], "${1}", "some-([^-]+)-([^,]+)", "${2}"));
        Assert.Equal("value", named!.Get("name"));
        var empty = Apply(Labels.Of("a", "x"), Replace(["a"], "${1}", "(y?)x", "v"));
        Assert.Equal(Labels.Of("a", "x"), empty);
    }

    [Fact]
    public void Fast_path_sets_the_replacement_when_the_value_is_empty()
    {
        var result = Apply(Labels.Of("a", "x"), new RelabelConfig { SourceLabels = ["missing"], TargetLabel = "env", Replacement = "prod" });
        Assert.Equal("prod", result!.Get("env"));
    }

    [Fact]
    public void Keep_and_drop_use_the_joined_value()
    {
        var input = Labels.Of("a", "foo", "b", "bar");
        var keep = new RelabelConfig { Action = RelabelAction.Keep, SourceLabels = ["a", "b"], Regex = "foo;bar", RegexSet = true };
        var drop = keep with { Action = RelabelAction.Drop };
        Assert.Equal(input, Apply(input, keep));
        Assert.Null(Apply(input, drop));
        Assert.Null(Apply(Labels.Of("a", "other"), keep));
        // A missing label is "" and matches an empty-accepting regex.
        Assert.Null(Apply(input, new RelabelConfig { Action = RelabelAction.Drop, SourceLabels = ["missing"], Regex = "", RegexSet = true }));
    }

    [Fact]
    public void Keepequal_and_dropequal_compare_with_the_target_label()
    {
        var input = Labels.Of("a", "x", "b", "x", "c", "y");
        var keepEqual = new RelabelConfig { Action = RelabelAction.KeepEqual, SourceLabels = ["a"], TargetLabel = "b" };
        Assert.Equal(input, Apply(input, keepEqual));
        Assert.Null(Apply(input, keepEqual with { TargetLabel = "c" }));
        Assert.Null(Apply(input, keepEqual with { Action = RelabelAction.DropEqual }));
        Assert.Equal(input, Apply(input, keepEqual with { Action = RelabelAction.DropEqual, TargetLabel = "c" }));
    }

    [Theory]
    // Expected shards computed from the algorithm: md5(value), last 8 bytes big-endian, modulo.
    [InlineData("foo", 10UL, "6")]
    [InlineData("foo", 1000UL, "696")]
    [InlineData("localhost:9100", 3UL, "1")]
    [InlineData("", 7UL, "1")]
    [InlineData("ünïcode", 13UL, "2")]
    public void Hashmod_matches_prometheus(string value, ulong modulus, string expected)
    {
        var result = Apply(Labels.Of("a", value.Length == 0 ? "placeholder" : value),
            new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = [value.Length == 0 ? "missing" : "a"], TargetLabel = "shard", Modulus = modulus });
        Assert.Equal(expected, result!.Get("shard"));
    }

    [Fact]
    public void Hashmod_hashes_the_joined_sources()
    {
        var result = Apply(Labels.Of("a", "foo", "b", "bar"),
            new RelabelConfig { Action = RelabelAction.HashMod, SourceLabels = ["a", "b"], TargetLabel = "s", Modulus = 1000 });
        Assert.Equal("750", result!.Get("s")); // md5("foo;bar")
    }

    [Fact]
    public void Labelmap_copies_matching_labels_to_the_expanded_name()
    {
        var input = Labels.Of("__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "front", "job", "j");
        var result = Apply(input, new RelabelConfig
        {
            Action = RelabelAction.LabelMap, Regex = "__meta_kubernetes_pod_label_(.+)", RegexSet = true,
        });
        Assert.Equal("web", result!.Get("app"));
        Assert.Equal("front", result.Get("tier"));
        Assert.Equal("web", result.Get("__meta_kubernetes_pod_label_app")); // copied, not moved
    }

    [Fact]
    public void Labeldrop_and_labelkeep_filter_by_name()
    {
        var input = Labels.Of("__name__", "m", "a1", "x", "a2", "y", "b", "z");
        var drop = new RelabelConfig { Action = RelabelAction.LabelDrop, Regex = "a.", RegexSet = true };
        Assert.Equal(Labels.Of("__name__", "m", "b", "z"), Apply(input, drop));
        var keep = drop with { Action = RelabelAction.LabelKeep, Regex = "__name__|a." };
        Assert.Equal(Labels.Of("__name__", "m", "a1", "x", "a2", "y"), Apply(input, keep));
    }

    [Fact]
    public void Lowercase_and_uppercase_write_the_target()
    {
        var input = Labels.Of("a", "MiXeD", "b", "Case");
        var lower = new RelabelConfig { Action = RelabelAction.Lowercase, SourceLabels = ["a", "b"], TargetLabel = "l" };
        Assert.Equal("mixed;case", Apply(input, lower)!.Get("l"));
        Assert.Equal("MIXED;CASE", Apply(input, lower with { Action = RelabelAction.Uppercase })!.Get("l"));
    }

    [Fact]
    public void Steps_apply_in_order_and_stop_at_a_drop()
    {
        var result = Apply(Labels.Of("a", "1"),
            Replace(["a"], "b", "(.*)", "v$1"),
            new RelabelConfig { Action = RelabelAction.Keep, SourceLabels = ["b"], Regex = "v1", RegexSet = true },
            Replace(["b"], "c"));
        Assert.Equal(Labels.Of("a", "1", "b", "v1", "c", "v1"), result);
    }

    [Fact]
    public void Dot_matches_newlines()
    {
        var result = Apply(Labels.Of("a", "x\ny"), Replace(["a"], "b", "x.y", "ok"));
        Assert.Equal("ok", result!.Get("b"));
    }

    [Theory]
    [InlineData("hashmod", "", "", 0UL, "$1", "relabel configuration for hashmod requires non-zero modulus")]
    [InlineData("replace", "", "", 0UL, "$1", "relabel configuration for replace action requires 'target_label' value")]
    [InlineData("lowercase", "", "", 0UL, "$1", "relabel configuration for lowercase action requires 'target_label' value")]
    [InlineData("lowercase", "t", "", 0UL, "x", "'replacement' can not be set for lowercase action")]
    [InlineData("keepequal", "t", "x", 0UL, "$1", "keepequal action requires only 'source_labels' and `target_label`, and no other fields")]
    [InlineData("dropequal", "t", "", 3UL, "$1", "dropequal action requires only 'source_labels' and `target_label`, and no other fields")]
    [InlineData("labeldrop", "t", "x", 0UL, "$1", "labeldrop action requires only 'regex', and no other fields")]
    [InlineData("labelkeep", "", "x", 0UL, "y", "labelkeep action requires only 'regex', and no other fields")]
    public void Validation_errors_are_worded_as_prometheus(string action, string target, string regex, ulong modulus, string replacement, string expected)
    {
        Assert.True(RelabelActions.TryParse(action, out var a));
        var config = new RelabelConfig
        {
            Action = a, TargetLabel = target, Modulus = modulus, Replacement = replacement,
            Regex = regex.Length > 0 ? regex : RelabelConfig.DefaultRegex, RegexSet = regex.Length > 0,
        };
        Assert.Equal(expected, config.Validate());
    }

    [Theory]
    [InlineData("a-b", true)] // UTF-8 names (Prometheus 3 default)
    [InlineData("$1-x", true)]
    public void Utf8_validation_accepts_any_name(string target, bool ok)
    {
        Assert.Equal(ok, new RelabelConfig { TargetLabel = target }.Validate() is null);
    }

    [Theory]
    [InlineData("a-b", "\"a-b\" is invalid 'target_label' for replace action")]
    [InlineData("$1-x", "\"$1-x\" is invalid 'target_label' for replace action")]
    [InlineData("${1}x", null)]
    [InlineData("1abc", "\"1abc\" is invalid 'target_label' for replace action")]
    public void Legacy_validation_uses_the_legacy_target_pattern(string target, string? expected)
    {
        Assert.Equal(expected, new RelabelConfig { TargetLabel = target }.Validate(NameValidationScheme.Legacy));
    }

    [Fact]
    public void Labelmap_replacement_is_checked_under_legacy_validation()
    {
        var config = new RelabelConfig { Action = RelabelAction.LabelMap, Regex = "x", RegexSet = true, Replacement = "a-b" };
        Assert.Equal("\"a-b\" is invalid 'replacement' for labelmap action", config.Validate(NameValidationScheme.Legacy));
    }

    [Fact]
    public void Action_names_parse_case_insensitively()
    {
        Assert.True(RelabelActions.TryParse("HashMod", out var a));
        Assert.Equal(RelabelAction.HashMod, a);
        Assert.False(RelabelActions.TryParse("foo", out _));
    }

    [Fact]
    public void Relabelers_with_equal_configs_are_equal()
    {
        var a = Relabeler.Compile([Replace(["a"], "b")]);
        var b = Relabeler.Compile([Replace(["a"], "b")]);
        var c = Relabeler.Compile([Replace(["a"], "c")]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Loader_reads_relabel_configs_into_the_same_behaviour()
    {
        var result = PrometheusConfigLoader.Load("""
            scrape_configs:
              - job_name: x
                metric_relabel_configs:
                  - source_labels: [__name__]
                    regex: "go_.*"
                    action: drop
            """);
        Assert.True(result.Success, result.ErrorText);
        var relabel = Relabeler.Compile(result.Config!.ScrapeConfigs[0].MetricRelabelConfigs);
        Assert.Null(relabel.Process(Labels.Of("__name__", "go_goroutines")));
        Assert.NotNull(relabel.Process(Labels.Of("__name__", "up")));
    }
}
