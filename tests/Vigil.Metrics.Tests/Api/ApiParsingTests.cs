using CsCheck;
using Vigil.Metrics.Api;

namespace Vigil.Metrics.Tests.Api;

/// <summary>Time, duration and limit parameters with upstream's accepted forms and exact error texts (api-compat 3.3, 3.7).</summary>
public class ApiParsingTests
{
    [Theory]
    [InlineData("1435781451.781", 1435781451781L)]
    [InlineData("1435781451", 1435781451000L)]
    [InlineData("1435781451.7815", 1435781451782L)]
    [InlineData("1.5", 1500L)]
    [InlineData("-1.5", -1500L)]
    [InlineData("4", 4000L)]
    [InlineData("1e3", 1_000_000L)]
    [InlineData("2015-07-01T20:10:51.781Z", 1435781451781L)]
    [InlineData("2015-07-01T20:10:51Z", 1435781451000L)]
    [InlineData("2015-07-01T22:10:51.781+02:00", 1435781451781L)]
    [InlineData("2015-07-01T20:10:51.781123456Z", 1435781451781L)]
    [InlineData("1717000000000", 1717000000000000L)] // Grafana's milliseconds in a seconds parameter: far future, accepted
    public void Times_parse_as_unix_seconds_or_rfc3339(string text, long expectedMs)
    {
        Assert.True(ApiParsing.TryParseTime(text, out long ms, out string error), error);
        Assert.Equal(expectedMs, ms);
    }

    [Theory]
    [InlineData("x", "cannot parse \"x\" to a valid timestamp")]
    [InlineData("", "cannot parse \"\" to a valid timestamp")]
    [InlineData("2015-07-01", "cannot parse \"2015-07-01\" to a valid timestamp")]
    [InlineData("1,5", "cannot parse \"1,5\" to a valid timestamp")]
    [InlineData(" 1", "cannot parse \" 1\" to a valid timestamp")]
    public void Bad_times_give_upstreams_text(string text, string expected)
    {
        Assert.False(ApiParsing.TryParseTime(text, out _, out string error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("15", 15_000_000_000L)]
    [InlineData("0.5", 500_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("5m", 300_000_000_000L)]
    [InlineData("2w", 1_209_600_000_000_000L)]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("0", 0L)]
    [InlineData("-15", -15_000_000_000L)]
    public void Durations_parse_as_float_seconds_or_prometheus_durations(string text, long expectedNs)
    {
        Assert.True(ApiParsing.TryParseDuration(text, out long ns, out string error), error);
        Assert.Equal(expectedNs, ns);
    }

    [Theory]
    [InlineData("1ns", "cannot parse \"1ns\" to a valid duration")]
    [InlineData("", "cannot parse \"\" to a valid duration")]
    [InlineData("5m1h", "cannot parse \"5m1h\" to a valid duration")]
    [InlineData("1e300", "cannot parse \"1e300\" to a valid duration. It overflows int64")]
    public void Bad_durations_give_upstreams_text(string text, string expected)
    {
        Assert.False(ApiParsing.TryParseDuration(text, out _, out string error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("0", 0)]
    [InlineData("40000", 40000)]
    [InlineData("+3", 3)]
    public void Limits_parse(string text, int expected)
    {
        Assert.True(ApiParsing.TryParseLimit(text, out int limit, out string error), error);
        Assert.Equal(expected, limit);
    }

    [Theory]
    [InlineData("-1", "limit must be non-negative")]
    [InlineData("abc", "strconv.Atoi: parsing \"abc\": invalid syntax")]
    [InlineData("1.5", "strconv.Atoi: parsing \"1.5\": invalid syntax")]
    [InlineData("99999999999999999999", "strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    public void Bad_limits_give_upstreams_text(string text, string expected)
    {
        Assert.False(ApiParsing.TryParseLimit(text, out _, out string error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parameter_parsers_never_throw()
    {
        Gen.String[Gen.Char["0123456789.eE+-:TZ hmsdwyx_abcf"], 0, 40].Sample(text =>
        {
            ApiParsing.TryParseTime(text, out _, out _);
            ApiParsing.TryParseDuration(text, out _, out _);
            ApiParsing.TryParseLimit(text, out _, out _);
            SeriesApi.UnescapeName("U__" + text);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("U__my_2e_label", "my.label")]
    [InlineData("U__a__b", "a_b")]
    [InlineData("U__caf_e9_", "café")]
    [InlineData("U__bad_zz_", "U__bad_zz_")]
    [InlineData("U__a_ffffffff_", "U__a_ffffffff_")]
    public void U_escaped_label_names_decode(string escaped, string expected) => Assert.Equal(expected, SeriesApi.UnescapeName(escaped));
}
