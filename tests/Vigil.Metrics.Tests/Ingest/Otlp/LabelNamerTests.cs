using Vigil.Metrics.Ingest.Otlp;

namespace Vigil.Metrics.Tests.Ingest.Otlp;

/// <summary>Expected names follow prometheus/otlptranslator label_namer.go and strconv.go.</summary>
public class LabelNamerTests
{
    [Theory]
    [InlineData("http.method", "http_method")]
    [InlineData("123invalid", "key_123invalid")]
    [InlineData("__reserved__", "__reserved__")]
    [InlineData("__res.erved__", "__res_erved__")]
    [InlineData("__a..b__", "__a_b__")]
    [InlineData("a..b", "a_b")]
    [InlineData("a__b", "a_b")]
    [InlineData("_private", "_private")]
    [InlineData("__only_prefix", "_only_prefix")]
    [InlineData("ümlaut", "_mlaut")]
    [InlineData("k8s.pod.name", "k8s_pod_name")]
    [InlineData("a😀b", "a_b")]
    public void Default_sanitisation(string key, string expected) =>
        Assert.Equal(expected, new LabelNamer(false, false, false).Build(key, out _));

    [Theory]
    [InlineData("_private", "key_private")]
    [InlineData("__reserved__", "__reserved__")]
    [InlineData(".dot", "key_dot")]
    public void Underscore_sanitisation_prefixes_key(string key, string expected) =>
        Assert.Equal(expected, new LabelNamer(false, true, false).Build(key, out _));

    [Theory]
    [InlineData("a..b", "a__b")]
    [InlineData("a😀b", "a_b")]
    [InlineData("__x..y__", "__x__y__")]
    public void Preserving_multiple_underscores(string key, string expected) =>
        Assert.Equal(expected, new LabelNamer(false, false, true).Build(key, out _));

    [Theory]
    [InlineData("", "label name is empty")]
    [InlineData("...", "normalization for label name \"...\" resulted in invalid name \"_\"")]
    [InlineData("____", "normalization for label name \"____\" resulted in invalid name \"____\"")]
    public void Bad_names_are_errors(string key, string message)
    {
        Assert.Null(new LabelNamer(false, false, false).Build(key, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Utf8_keeps_names_but_refuses_underscores_only()
    {
        var namer = new LabelNamer(true, false, false);
        Assert.Equal("http.method", namer.Build("http.method", out _));
        Assert.Null(namer.Build("__", out string? error));
        Assert.Equal("label name \"__\" contains only underscores", error);
    }
}
