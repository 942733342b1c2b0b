using Vigil.Core.Text;

namespace Vigil.Core.Tests;

public sealed class TextFormatsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("15s", 15_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d2h3m4s5ms", 93_784_005)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1y", 31_536_000_000)]
    public void Durations_parse_like_prometheus(string text, long millis)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(millis, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("s")]
    [InlineData("1m1h")]
    [InlineData("1s1s")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1 s")]
    [InlineData("99999999999999999999y")]
    [InlineData("99999999999d")] // fits a long in ms, not a TimeSpan: rejected, not thrown (found by the API fuzz test)
    public void Bad_durations_are_rejected(string text) => Assert.False(Duration.TryParse(text, out _));

    [Fact]
    public void Durations_format_back()
    {
        Assert.Equal("1h30m", Duration.Format(TimeSpan.FromMinutes(90)));
        Assert.Equal("0s", Duration.Format(TimeSpan.Zero));
        Assert.Equal("15d", Duration.Format(TimeSpan.FromDays(15)));
        Assert.Equal("2w", Duration.Format(TimeSpan.FromDays(14)));
        Assert.Equal("1s500ms", Duration.Format(TimeSpan.FromMilliseconds(1500)));
    }

    [Theory]
    [InlineData("1048576", 1L << 20)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("64mib", 64L << 20)]
    [InlineData("512MB", 512_000_000)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("10KB", 10_000)]
    [InlineData(" 2 KiB ", 2048)]
    public void Byte_sizes(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out long value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("12 parsecs")]
    [InlineData("-1MB")]
    public void Bad_byte_sizes(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Fact]
    public void Byte_sizes_format_with_the_largest_exact_unit()
    {
        Assert.Equal("64MiB", ByteSize.Format(64L << 20));
        Assert.Equal("1000B", ByteSize.Format(1000));
    }

    [Fact]
    public void Hex_parses_either_case_and_rejects_bad_input()
    {
        Span<byte> bytes = stackalloc byte[2];
        Assert.True(Hex.TryParse("aBcD"u8, bytes));
        Assert.Equal(new byte[] { 0xab, 0xcd }, bytes.ToArray());
        Assert.False(Hex.TryParse("abc"u8, bytes));
        Assert.False(Hex.TryParse("zzzz"u8, bytes));
        Assert.True(Hex.TryParse("00ff".AsSpan(), bytes));
        Assert.False(Hex.TryParse("00fé".AsSpan(), bytes));
    }
}
