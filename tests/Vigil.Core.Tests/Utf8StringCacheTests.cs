using System.Text;
using CsCheck;
using Vigil.Core.Text;

namespace Vigil.Core.Tests;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void Repeated_ascii_returns_the_same_instance()
    {
        var cache = new Utf8StringCache(64);
        string a = cache.Get("http.request.method"u8);
        string b = cache.Get("http.request.method"u8);
        Assert.Equal("http.request.method", a);
        Assert.Same(a, b);
    }

    [Fact]
    public void Any_input_decodes_to_what_utf8_decoding_gives()
    {
        // A tiny cache forces collisions; results must still be exact.
        var cache = new Utf8StringCache(16, maxLength: 32);
        Gen.String.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Encoding.UTF8.GetString(bytes), cache.Get(bytes));
        }, iter: 3000);
    }

    [Fact]
    public void Value_caches_admit_a_string_on_its_second_sighting()
    {
        var cache = new Utf8StringCache(64, admitOnSecondSighting: true);
        var bytes = "GET"u8.ToArray();
        string first = cache.Get(bytes);
        string second = cache.Get(bytes);
        string third = cache.Get(bytes);
        Assert.NotSame(first, second); // seen once: not cached yet
        Assert.Same(second, third);
        Assert.Equal("GET", third);
    }

    [Fact]
    public void Long_strings_bypass_the_cache()
    {
        var cache = new Utf8StringCache(16, maxLength: 4);
        var bytes = "longer than four"u8.ToArray();
        Assert.NotSame(cache.Get(bytes), cache.Get(bytes));
    }
}
