using System.Text;
using Vigil.Core.Checksums;

namespace Vigil.Core.Tests.Checksums;

public class Crc32CTests
{
    [Fact]
    public void Matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Empty_input_is_zero() => Assert.Equal(0u, Crc32C.Compute([]));

    [Theory]
    [InlineData("", "abc")]
    [InlineData("a", "bcdefghijklmnop")]
    [InlineData("0123456789abcdef", "x")]
    public void Append_continues_a_checksum(string a, string b) =>
        Assert.Equal(Crc32C.Compute(Encoding.UTF8.GetBytes(a + b)), Crc32C.Append(Crc32C.Compute(Encoding.UTF8.GetBytes(a)), Encoding.UTF8.GetBytes(b)));

    [Fact]
    public void A_flipped_bit_changes_it()
    {
        var data = Encoding.UTF8.GetBytes("the quick brown fox jumps over the lazy dog");
        uint good = Crc32C.Compute(data);
        for (int i = 0; i < data.Length * 8; i++)
        {
            data[i / 8] ^= (byte)(1 << (i % 8));
            Assert.NotEqual(good, Crc32C.Compute(data));
            data[i / 8] ^= (byte)(1 << (i % 8));
        }
    }
}
