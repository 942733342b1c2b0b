using Vigil.Metrics.Model;
using Vigil.Metrics.Tsdb.Blocks;
using Xunit.Abstractions;
using static Vigil.Metrics.Tests.Tsdb.Blocks.BlockTestData;

namespace Vigil.Metrics.Tests.Tsdb.Blocks;

/// <summary>
/// Bytes per sample on disk for realistic scrape data. The number is reported in the test output; the
/// assertion is the product brief's ceiling (1.3 B/sample), the tighter 1.0 goal is checked by
/// bench/Vigil.Benchmarks (BlockBenchmarks fails its setup above it).
/// </summary>
public class BlockSizeTests(ITestOutputHelper output)
{
    /// <summary>
    /// 1000 series × 2h at 15s: 45% counters with small integer increments, 45% gauges with 2-3
    /// significant digits, 10% constant (up, build info); timestamps on the scrape grid as Prometheus's
    /// timestamp alignment makes them.
    /// </summary>
    internal static List<BlockSeries> RealisticSeries(int seriesCount, int seed, bool jitter = false)
    {
        var rng = new Random(seed);
        var result = new List<BlockSeries>(seriesCount);
        const int Samples = 2 * 3600 / 15;
        for (int s = 0; s < seriesCount; s++)
        {
            int kind = s % 20 < 9 ? 0 : s % 20 < 18 ? 1 : 2;
            var labels = Labels.Of("__name__", $"{(kind == 0 ? "requests_total" : kind == 1 ? "temperature" : "up")}_{s % 50}",
                "job", $"job-{s % 5}", "instance", $"10.0.{s % 17}.{s % 23}:9100", "series", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var samples = new List<(long, double)>(Samples);
            double counter = rng.Next(0, 1_000_000);
            double level = Math.Pow(10, rng.Next(-1, 4)) * (1 + rng.NextDouble() * 9);
            int digits = rng.Next(2, 4);
            for (int i = 0; i < Samples; i++)
            {
                long t = 1_700_000_000_000 + 5 + i * 15_000L + (jitter ? rng.Next(-2, 3) : 0);
                double v;
                switch (kind)
                {
                    case 0:
                        counter += rng.Next(0, 11);
                        v = counter;
                        break;
                    case 1:
                        level *= 1 + (rng.NextDouble() - 0.5) * 0.02;
                        v = RoundToSignificant(level, digits);
                        break;
                    default:
                        v = 1;
                        break;
                }
                samples.Add((t, v));
            }
            result.Add(Series(labels, samples));
        }
        result.Sort((a, b) => Labels.Compare(a.Labels, b.Labels));
        return result;
    }

    private static double RoundToSignificant(double v, int digits)
    {
        if (v == 0) return 0;
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v))) + 1;
        int decimals = digits - magnitude;
        // Parse the formatted text, as a scrape would, so the double is the one the text denotes.
        return double.Parse(v.ToString("F" + Math.Clamp(decimals, 0, 15), System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Realistic_data_takes_little_more_than_a_byte_per_sample(bool jitter)
    {
        using var dir = new TempDir();
        var series = RealisticSeries(1000, seed: 1, jitter);
        var meta = BlockWriter.Write(dir.Path, 1_700_000_000_000, 1_700_000_000_000 + 2 * 3600_000, series);
        string blockDir = Path.Combine(dir.Path, meta.Id);
        long total = 0;
        foreach (var file in Directory.GetFiles(blockDir))
        {
            long size = new FileInfo(file).Length;
            total += size;
            output.WriteLine($"{Path.GetFileName(file),-12} {size,10:N0} bytes");
        }
        double perSample = (double)total / meta.NumSamples;
        output.WriteLine($"{meta.NumSamples:N0} samples, {total:N0} bytes: {perSample:F3} bytes/sample (jitter {jitter})");
        Assert.Equal(1000 * 480, meta.NumSamples);
        Assert.True(perSample <= 1.3, $"{perSample:F3} bytes/sample");
    }
}
