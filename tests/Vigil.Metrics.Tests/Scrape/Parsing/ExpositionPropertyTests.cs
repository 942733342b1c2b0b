using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Parsing;
using static Vigil.Metrics.Tests.Scrape.Parsing.ParserHarness;

namespace Vigil.Metrics.Tests.Scrape.Parsing;

/// <summary>
/// Property tests: generated expositions read back exactly (labels, values with NaN bits, timestamps,
/// exemplars, metadata), and no input of any shape makes a parser throw anything but
/// <see cref="ExpositionFormatException"/> or loop.
/// </summary>
public class ExpositionPropertyTests
{
    [Fact]
    public void Text_format_round_trips() =>
        Gen.Select(ExpositionGenerators.Families, Gen.Int).Sample((families, seed) =>
        {
            string body = ExpositionGenerators.WriteText(families, seed);
            Assert.Equal(Expected(families, openMetrics: false), All(Text(body)));
        }, iter: 400);

    [Fact]
    public void OpenMetrics_round_trips() =>
        Gen.Select(ExpositionGenerators.Families, Gen.Int).Sample((families, seed) =>
        {
            string body = ExpositionGenerators.WriteOpenMetrics(families, seed);
            Assert.Equal(Expected(families, openMetrics: true), All(OpenMetrics(body)));
        }, iter: 400);

    private static List<string> Expected(GeneratedFamily[] families, bool openMetrics)
    {
        var lines = new List<string>();
        foreach (var family in families)
        {
            string type = $"type {family.Name} {MetricMetadata.TypeName(family.Type)}";
            string? help = family.Help is null ? null : $"help {family.Name} {ExpectedHelp(family.Help, openMetrics)}";
            if (openMetrics)
            {
                lines.Add(type);
                if (help is not null) lines.Add(help);
            }
            else
            {
                if (help is not null) lines.Add(help);
                lines.Add(type);
            }
            foreach (var sample in family.Samples)
            {
                var builder = new LabelsBuilder().Set(Labels.MetricName, sample.Name);
                foreach (var (name, value) in sample.Labels)
                {
                    if (value.Length > 0) builder.Set(name, value);
                }
                var sb = new StringBuilder();
                sb.Append(builder.Build()).Append(' ').Append(Number(Normal(sample.Value)));
                if (sample.TimestampMs is long ts)
                {
                    long read = openMetrics ? ExpositionGenerators.ReadBackMs(ts) : ts;
                    Assert.InRange(read, ts - 1, ts + 1); // float seconds may lose the last millisecond (truncation), as in Prometheus
                    sb.Append(" @").Append(read.ToString(CultureInfo.InvariantCulture));
                }
                if (openMetrics && sample.Exemplar is { } ex)
                {
                    var eb = new LabelsBuilder();
                    foreach (var (name, value) in ex.Labels) eb.Set(name, value);
                    sb.Append(" # ").Append(eb.Build()).Append(' ').Append(Number(Normal(ex.Value)));
                    if (ex.TimestampMs is long ets) sb.Append(" @").Append(ExpositionGenerators.ReadBackMs(ets).ToString(CultureInfo.InvariantCulture));
                }
                lines.Add(sb.ToString());
            }
        }
        return lines;
    }

    private static double Normal(double v) => double.IsNaN(v) ? GoFloat.NormalNaN : v;

    // Text format: a docstring of blanks only is empty (the lexer takes it for whitespace), as in Prometheus.
    private static string ExpectedHelp(string help, bool openMetrics) =>
        !openMetrics && help.Replace("\0", "", StringComparison.Ordinal).Trim(' ', '\t').Length == 0 ? "" : help;

    // ---- robustness ----

    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}=,\"\\ \t\n#_aZ09.eE+-:HELPTYPUNIOFx\r");

    private static readonly Gen<byte[]> ExpositionLikeBytes =
        Gen.Frequency((3, Gen.OneOf(Alphabet.Select(Gen.Const).ToArray())), (1, Gen.Byte)).Array[0, 200];

    private static readonly Gen<byte[]> ValidBodies = Gen.Select(ExpositionGenerators.Families, Gen.Int, Gen.Bool)
        .Select((f, seed, om) => Encoding.UTF8.GetBytes(om ? ExpositionGenerators.WriteOpenMetrics(f, seed) : ExpositionGenerators.WriteText(f, seed)));

    private static readonly byte[][] Fragments =
    [
        "\0"u8.ToArray(), "\n"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(),
        "# EOF\n"u8.ToArray(), "# TYPE "u8.ToArray(), " # {"u8.ToArray(), [0xFF], [0xC3], [0xF0, 0x9F], "\r\n"u8.ToArray(),
        "1e999"u8.ToArray(), " 99999999999999999999"u8.ToArray(), "=\""u8.ToArray(), ",,"u8.ToArray(),
    ];

    [Fact]
    public void Random_bytes_only_throw_ExpositionFormatException() =>
        Gen.Byte.Array[0, 256].Sample(Drain, iter: 1000);

    [Fact]
    public void Exposition_like_bytes_only_throw_ExpositionFormatException() =>
        ExpositionLikeBytes.Sample(Drain, iter: 3000);

    [Fact]
    public void Mutated_valid_bodies_only_throw_ExpositionFormatException() =>
        Gen.Select(ValidBodies, Mutation.Array[1, 5]).Select((b, m) => Mutate(b, m)).Sample(Drain, iter: 1500);

    [Fact]
    public void Every_truncation_of_a_valid_body_only_throws_ExpositionFormatException() =>
        ValidBodies.Sample(body =>
        {
            for (int length = 0; length <= body.Length; length += 1 + body.Length / 97) Drain(body[..length]);
        }, iter: 60);

    [Fact]
    public void Huge_and_deep_inputs_finish()
    {
        Drain(Encoding.ASCII.GetBytes(new string('{', 200_000)));
        Drain(Encoding.ASCII.GetBytes("m{" + string.Concat(Enumerable.Repeat("a=\"b\",", 50_000)) + "} 1\n"));
        Drain(Encoding.ASCII.GetBytes("m{a=\"" + new string('\\', 200_001)));
        Drain(Encoding.ASCII.GetBytes("# HELP m " + new string('x', 1_000_000) + "\n"));
        Drain(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("#\n", 100_000))));
        Drain(new byte[300_000]);
    }

    /// <summary>Runs both parsers to the end, touching every accessor; anything but ExpositionFormatException fails.</summary>
    private static void Drain(byte[] body)
    {
        DrainOne(new PromTextParser(body, body.Length));
        DrainOne(new OpenMetricsParser(body, body.Length, skipCreatedSeries: false));
        DrainOne(new OpenMetricsParser(body, body.Length, skipCreatedSeries: true));
    }

    private static void DrainOne(ExpositionParser parser)
    {
        var builder = new LabelsBuilder();
        try
        {
            for (int steps = 0; ; steps++)
            {
                Assert.True(steps <= 1_000_000, "parser does not advance");
                var entry = parser.Next();
                switch (entry)
                {
                    case ExpositionEntry.Eof:
                        return;
                    case ExpositionEntry.Series:
                        _ = parser.SeriesKey.Length;
                        _ = parser.Value;
                        _ = parser.TimestampMs;
                        builder.Reset();
                        parser.GetLabels(builder);
                        _ = builder.Build();
                        if (parser.TryGetExemplar(out var ex)) _ = ex.ExceedsLabelLimit;
                        break;
                    case ExpositionEntry.Comment:
                        _ = parser.Comment;
                        break;
                    default:
                        _ = parser.MetricFamily + parser.Help + parser.Unit + parser.Type;
                        break;
                }
            }
        }
        catch (ExpositionFormatException e)
        {
            Assert.True(e.LineNumber >= 1);
            Assert.False(string.IsNullOrEmpty(e.Detail));
        }
    }

    private static readonly Gen<(int Kind, int A, int B, byte Value)> Mutation =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte);

    private static byte[] Mutate(byte[] bytes, (int Kind, int A, int B, byte Value)[] edits)
    {
        var data = new List<byte>(bytes);
        foreach (var (kind, a, b, value) in edits)
        {
            int at = a % (data.Count + 1);
            switch (kind)
            {
                case 0 when data.Count > 0:
                    data[at % data.Count] = value;
                    break;
                case 1 when data.Count > 0:
                    data[at % data.Count] = Alphabet[b % Alphabet.Length];
                    break;
                case 2:
                    data.Insert(at, value);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at % data.Count, Math.Min(1 + b % 8, data.Count - at % data.Count));
                    break;
                case 4 when data.Count > 0:
                {
                    int start = at % data.Count;
                    var run = data.GetRange(start, Math.Min(1 + b % 32, data.Count - start));
                    data.InsertRange(b % (data.Count + 1), run);
                    break;
                }
                case 5:
                    data.InsertRange(at, Fragments[b % Fragments.Length]);
                    break;
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }
        return [.. data];
    }
}
