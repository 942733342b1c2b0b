using Vigil.Otlp.Json;
using Vigil.Otlp.Model;
using Vigil.Otlp.Protobuf;

namespace Vigil.Benchmarks;

/// <summary>
/// Realistic OTLP export requests, built deterministically (fixed <see cref="Random"/> seeds) so every run,
/// every process (BenchmarkDotNet's host and its child, the load generator) sees the same bytes.
/// Shared by the benchmarks and bench/Vigil.LoadGen (linked as a source file): depends only on Vigil.Otlp.
/// </summary>
public static class Payloads
{
    public const int DefaultSeed = 42;

    public const int TraceSpanCount = 512;
    public const int SpanAttributeCount = 10;
    public const int LogRecordCount = 1000;
    public const int MetricCount = 100;

    private static readonly Lazy<Encoded> TracesLazy = new(() => Encode(BuildTraces(DefaultSeed)));
    private static readonly Lazy<Encoded> LogsLazy = new(() => Encode(BuildLogs(DefaultSeed)));
    private static readonly Lazy<Encoded> MetricsLazy = new(() => Encode(BuildMetrics(DefaultSeed)));

    /// <summary>512 spans x 10 attributes, one resource with 8 attributes.</summary>
    public static Encoded Traces => TracesLazy.Value;

    /// <summary>1000 log records with body, severity, 3-5 attributes, trace/span ids.</summary>
    public static Encoded Logs => LogsLazy.Value;

    /// <summary>100 metrics: gauges, sums, histograms, exponential histograms, summaries; items are data points.</summary>
    public static Encoded Metrics => MetricsLazy.Value;

    public static Encoded Get(PayloadKind kind) => kind switch
    {
        PayloadKind.Traces => Traces,
        PayloadKind.Logs => Logs,
        PayloadKind.Metrics => Metrics,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly Dictionary<(PayloadKind, int), Encoded[]> VariantCache = [];

    /// <summary>
    /// <paramref name="count"/> payloads of the same shape built from other seeds (other ids, paths, bodies,
    /// numbers). Cycling through them keeps Vigil's process-wide string caches from serving every value of a
    /// batch seen one iteration earlier, as unique url.path values and log bodies would not be in real traffic.
    /// Only the protobuf encoding is built.
    /// </summary>
    public static Encoded[] Variants(PayloadKind kind, int count)
    {
        lock (VariantCache)
        {
            if (!VariantCache.TryGetValue((kind, count), out var variants))
            {
                variants = new Encoded[count];
                for (int i = 0; i < count; i++)
                {
                    int seed = DefaultSeed + 1 + i;
                    // Protobuf only (Json stays empty): 256 JSON copies would cost hundreds of megabytes.
                    variants[i] = kind switch
                    {
                        PayloadKind.Traces => BuildTraces(seed) is var t ? new Encoded(kind, t.SpanCount, OtlpProtobufEncoder.EncodeTraces(t), []) : null!,
                        PayloadKind.Logs => BuildLogs(seed) is var l ? new Encoded(kind, l.LogRecordCount, OtlpProtobufEncoder.EncodeLogs(l), []) : null!,
                        _ => BuildMetrics(seed) is var m ? new Encoded(kind, m.DataPointCount, OtlpProtobufEncoder.EncodeMetrics(m), []) : null!,
                    };
                }
                VariantCache[(kind, count)] = variants;
            }
            return variants;
        }
    }

    /// <summary>One payload in both wire encodings, with the number of items (spans, log records, data points) it holds.</summary>
    public sealed record Encoded(PayloadKind Kind, int Items, byte[] Protobuf, byte[] Json)
    {
        public int Bytes(bool json) => json ? Json.Length : Protobuf.Length;
    }

    private static Encoded Encode(object data) => data switch
    {
        TracesData t => new Encoded(PayloadKind.Traces, t.SpanCount, OtlpProtobufEncoder.EncodeTraces(t), OtlpJsonEncoder.EncodeTraces(t)),
        LogsData l => new Encoded(PayloadKind.Logs, l.LogRecordCount, OtlpProtobufEncoder.EncodeLogs(l), OtlpJsonEncoder.EncodeLogs(l)),
        MetricsData m => new Encoded(PayloadKind.Metrics, m.DataPointCount, OtlpProtobufEncoder.EncodeMetrics(m), OtlpJsonEncoder.EncodeMetrics(m)),
        _ => throw new ArgumentException("unknown payload", nameof(data)),
    };

    // ---------------------------------------------------------------- shared vocabulary

    private static readonly string[] Services = ["checkout", "cart", "payment", "catalog", "frontend"];
    private static readonly string[] Hosts = ["api.shop.example.com", "cart.internal", "payments.internal", "catalog.internal"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE"];

    private static readonly string[] Routes =
    [
        "/api/orders/{id}", "/api/cart/{id}/items", "/api/products", "/api/products/{id}", "/api/payments",
        "/api/users/{id}/profile", "/healthz", "/api/search",
    ];

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "okhttp/4.12.0",
        "Go-http-client/2.0",
        "python-requests/2.32.3",
    ];

    private static readonly int[] StatusCodes = [200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 404, 500, 503];

    private static Resource BuildResource(Random random, string service) => new()
    {
        Attributes =
        [
            new("service.name", AnyValue.String(service)),
            new("service.version", AnyValue.String("1.42.0")),
            new("service.instance.id", AnyValue.String(Guid(random))),
            new("deployment.environment.name", AnyValue.String("production")),
            new("host.name", AnyValue.String("node-" + random.Next(1, 40).ToString("D2", System.Globalization.CultureInfo.InvariantCulture))),
            new("telemetry.sdk.language", AnyValue.String("dotnet")),
            new("telemetry.sdk.name", AnyValue.String("opentelemetry")),
            new("process.pid", AnyValue.Int(random.Next(1000, 60000))),
        ],
    };

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static TraceId NewTraceId(Random random) => new((ulong)random.NextInt64() | 1, (ulong)random.NextInt64());

    private static SpanId NewSpanId(Random random) => new((ulong)random.NextInt64() | 1);

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private const ulong BaseTime = 1_735_689_600_000_000_000UL; // 2025-01-01T00:00:00Z

    // ---------------------------------------------------------------- traces

    /// <summary>
    /// One ResourceSpans (8 resource attributes), one scope, <paramref name="spanCount"/> HTTP-ish spans of 10
    /// attributes each (strings, ints, a bool; some values repeat, url.path and net.peer.port mostly do not),
    /// about 8 spans per trace. A different <paramref name="seed"/> gives different trace and span ids.
    /// </summary>
    public static TracesData BuildTraces(int seed, int spanCount = TraceSpanCount)
    {
        var random = new Random(seed);
        var spans = new Span[spanCount];
        TraceId trace = default;
        SpanId root = default;
        for (int i = 0; i < spanCount; i++)
        {
            bool isRoot = i % 8 == 0;
            if (isRoot)
            {
                trace = NewTraceId(random);
            }
            var id = NewSpanId(random);
            string method = Pick(random, Methods);
            string route = Pick(random, Routes);
            int status = Pick(random, StatusCodes);
            ulong start = BaseTime + (ulong)i * 1_000_000UL + (ulong)random.Next(0, 1_000_000);
            ulong duration = (ulong)random.Next(50_000, 250_000_000);
            spans[i] = new Span
            {
                TraceId = trace,
                SpanId = id,
                ParentSpanId = isRoot ? SpanId.Empty : root,
                Flags = 0x101,
                Name = method + " " + route,
                Kind = isRoot ? SpanKind.Server : SpanKind.Client,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + duration,
                Attributes =
                [
                    new("http.request.method", AnyValue.String(method)),
                    new("url.path", AnyValue.String(route.Replace("{id}", random.Next(1, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))),
                    new("url.scheme", AnyValue.String(isRoot ? "https" : "http")),
                    new("server.address", AnyValue.String(Pick(random, Hosts))),
                    new("server.port", AnyValue.Int(isRoot ? 443 : 8080)),
                    new("http.route", AnyValue.String(route)),
                    new("http.response.status_code", AnyValue.Int(status)),
                    new("user_agent.original", AnyValue.String(Pick(random, UserAgents))),
                    new("net.peer.port", AnyValue.Int(random.Next(32768, 61000))),
                    new("app.cache_hit", AnyValue.Bool(random.Next(4) == 0)),
                ],
                Status = status >= 500 ? new SpanStatus("upstream returned " + status.ToString(System.Globalization.CultureInfo.InvariantCulture), StatusCode.Error) : new SpanStatus(string.Empty, StatusCode.Unset),
            };
            if (isRoot)
            {
                root = id;
            }
        }
        return new TracesData
        {
            ResourceSpans =
            [
                new ResourceSpans
                {
                    Resource = BuildResource(random, "checkout"),
                    SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
                    ScopeSpans =
                    [
                        new ScopeSpans
                        {
                            Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore", Version = "10.0.0" },
                            Spans = spans,
                        },
                    ],
                },
            ],
        };
    }

    // ---------------------------------------------------------------- logs

    private static readonly string[] LogTemplates =
    [
        "Processed order {0} for customer {1} in {2} ms",
        "Cache miss for product {0}, loading from database",
        "Payment authorization {0} declined by provider: insufficient funds (customer {1})",
        "Request GET /api/orders/{0} completed with status 200 in {2} ms",
        "Retrying call to inventory service (attempt {2}) for order {0}",
        "User {1} signed in from 10.0.{2}.{0}",
    ];

    private static readonly (SeverityNumber Number, string Text)[] Severities =
    [
        (SeverityNumber.Info, "Information"), (SeverityNumber.Info, "Information"), (SeverityNumber.Info, "Information"),
        (SeverityNumber.Info, "Information"), (SeverityNumber.Debug, "Debug"), (SeverityNumber.Warn, "Warning"),
        (SeverityNumber.Error, "Error"),
    ];

    private static readonly string[] Loggers =
    [
        "Shop.Checkout.OrderService", "Shop.Checkout.PaymentClient", "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Shop.Catalog.ProductRepository",
    ];

    /// <summary>One resource, one scope, <paramref name="count"/> records: templated bodies, 3-5 attributes, 90% with trace context.</summary>
    public static LogsData BuildLogs(int seed, int count = LogRecordCount)
    {
        var random = new Random(seed);
        var records = new LogRecord[count];
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        for (int i = 0; i < count; i++)
        {
            var (number, text) = Pick(random, Severities);
            int order = random.Next(100_000, 999_999);
            int customer = random.Next(1, 50_000);
            int ms = random.Next(1, 900);
            string body = string.Format(inv, Pick(random, LogTemplates), order, customer, ms);
            int attributeCount = 3 + random.Next(3);
            var attributes = new KeyValue[attributeCount];
            attributes[0] = new("logger.name", AnyValue.String(Pick(random, Loggers)));
            attributes[1] = new("order.id", AnyValue.Int(order));
            attributes[2] = new("thread.id", AnyValue.Int(random.Next(1, 64)));
            if (attributeCount > 3)
            {
                attributes[3] = new("http.route", AnyValue.String(Pick(random, Routes)));
            }
            if (attributeCount > 4)
            {
                attributes[4] = new("retry", AnyValue.Bool(random.Next(2) == 0));
            }
            ulong time = BaseTime + (ulong)i * 1_000_000UL;
            bool traced = random.Next(10) != 0;
            records[i] = new LogRecord
            {
                TimeUnixNano = time,
                ObservedTimeUnixNano = time + 150_000,
                SeverityNumber = number,
                SeverityText = text,
                Body = AnyValue.String(body),
                Attributes = attributes,
                TraceId = traced ? NewTraceId(random) : TraceId.Empty,
                SpanId = traced ? NewSpanId(random) : SpanId.Empty,
                Flags = traced ? 1u : 0u,
            };
        }
        return new LogsData
        {
            ResourceLogs =
            [
                new ResourceLogs
                {
                    Resource = BuildResource(random, "checkout"),
                    ScopeLogs =
                    [
                        new ScopeLogs
                        {
                            Scope = new InstrumentationScope { Name = "Shop.Checkout", Version = "1.42.0" },
                            LogRecords = records,
                        },
                    ],
                },
            ],
        };
    }

    // ---------------------------------------------------------------- metrics

    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>
    /// One resource, one scope, <paramref name="count"/> metrics cycling through kinds: 40% gauges, 30% sums,
    /// 20% histograms (10 bounds, 11 buckets), 5% exponential histograms, 5% summaries; 2-4 points each,
    /// each point with 2-3 attributes.
    /// </summary>
    public static MetricsData BuildMetrics(int seed, int count = MetricCount)
    {
        var random = new Random(seed);
        var metrics = new Metric[count];
        for (int i = 0; i < count; i++)
        {
            int slot = i % 20;
            var type = slot switch
            {
                < 8 => MetricType.Gauge,
                < 14 => MetricType.Sum,
                < 18 => MetricType.Histogram,
                18 => MetricType.ExponentialHistogram,
                _ => MetricType.Summary,
            };
            var metric = new Metric
            {
                Name = type switch
                {
                    MetricType.Gauge => "process.runtime.dotnet.gauge_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MetricType.Sum => "http.server.requests_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => "http.server.request.duration_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                Description = "Benchmark metric of kind " + type,
                Unit = type is MetricType.Gauge or MetricType.Sum ? "{request}" : "s",
                Type = type,
                AggregationTemporality = type is MetricType.Gauge or MetricType.Summary ? AggregationTemporality.Unspecified : AggregationTemporality.Cumulative,
                IsMonotonic = type == MetricType.Sum,
            };
            int points = 2 + random.Next(3);
            ulong start = BaseTime;
            ulong time = BaseTime + 60_000_000_000UL;
            switch (type)
            {
                case MetricType.Gauge:
                case MetricType.Sum:
                    metric.NumberPoints = new NumberDataPoint[points];
                    for (int p = 0; p < points; p++)
                    {
                        metric.NumberPoints[p] = new NumberDataPoint
                        {
                            Attributes = PointAttributes(random, p),
                            StartTimeUnixNano = type == MetricType.Sum ? start : 0,
                            TimeUnixNano = time,
                            Value = random.Next(2) == 0 ? NumberValue.FromInt(random.Next(0, 1_000_000)) : NumberValue.FromDouble(random.NextDouble() * 1000),
                        };
                    }
                    break;
                case MetricType.Histogram:
                    metric.HistogramPoints = new HistogramDataPoint[points];
                    for (int p = 0; p < points; p++)
                    {
                        var buckets = new ulong[Bounds.Length + 1];
                        ulong total = 0;
                        for (int b = 0; b < buckets.Length; b++)
                        {
                            buckets[b] = (ulong)random.Next(0, 5000);
                            total += buckets[b];
                        }
                        metric.HistogramPoints[p] = new HistogramDataPoint
                        {
                            Attributes = PointAttributes(random, p),
                            StartTimeUnixNano = start,
                            TimeUnixNano = time,
                            Count = total,
                            Sum = total * 0.137,
                            BucketCounts = buckets,
                            ExplicitBounds = Bounds,
                            Min = 0.001,
                            Max = 7.5,
                        };
                    }
                    break;
                case MetricType.ExponentialHistogram:
                    metric.ExponentialHistogramPoints = new ExponentialHistogramDataPoint[points];
                    for (int p = 0; p < points; p++)
                    {
                        var positive = new ulong[20];
                        ulong total = 0;
                        for (int b = 0; b < positive.Length; b++)
                        {
                            positive[b] = (ulong)random.Next(0, 2000);
                            total += positive[b];
                        }
                        metric.ExponentialHistogramPoints[p] = new ExponentialHistogramDataPoint
                        {
                            Attributes = PointAttributes(random, p),
                            StartTimeUnixNano = start,
                            TimeUnixNano = time,
                            Count = total + 3,
                            Sum = total * 0.21,
                            Scale = 3,
                            ZeroCount = 3,
                            Positive = new ExponentialBuckets { Offset = -12, BucketCounts = positive },
                            Min = 0,
                            Max = 12.5,
                        };
                    }
                    break;
                default:
                    metric.SummaryPoints = new SummaryDataPoint[points];
                    for (int p = 0; p < points; p++)
                    {
                        metric.SummaryPoints[p] = new SummaryDataPoint
                        {
                            Attributes = PointAttributes(random, p),
                            StartTimeUnixNano = start,
                            TimeUnixNano = time,
                            Count = (ulong)random.Next(100, 100_000),
                            Sum = random.NextDouble() * 10_000,
                            QuantileValues = [new(0, 0.001), new(0.5, 0.08), new(0.9, 0.4), new(0.99, 1.7), new(1, 6.2)],
                        };
                    }
                    break;
            }
            metrics[i] = metric;
        }
        return new MetricsData
        {
            ResourceMetrics =
            [
                new ResourceMetrics
                {
                    Resource = BuildResource(random, "checkout"),
                    ScopeMetrics =
                    [
                        new ScopeMetrics
                        {
                            Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.10.0" },
                            Metrics = metrics,
                        },
                    ],
                },
            ],
        };
    }

    private static KeyValue[] PointAttributes(Random random, int point)
    {
        var attributes = new KeyValue[2 + (point & 1)];
        attributes[0] = new("http.request.method", AnyValue.String(Pick(random, Methods)));
        attributes[1] = new("http.response.status_code", AnyValue.Int(Pick(random, StatusCodes)));
        if (attributes.Length > 2)
        {
            attributes[2] = new("http.route", AnyValue.String(Pick(random, Routes)));
        }
        return attributes;
    }
}

public enum PayloadKind
{
    Traces,
    Logs,
    Metrics,
}
