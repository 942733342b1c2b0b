using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vigil.Benchmarks;

/// <summary>Which payload a benchmark decodes and in which encoding: the custom columns read it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PayloadAttribute(PayloadKind kind, bool json) : Attribute
{
    public PayloadKind Kind { get; } = kind;

    public bool Json { get; } = json;

    /// <summary>When above 0: the benchmark cycles through this many <see cref="Payloads.Variants"/>; columns use their averages.</summary>
    public int Variants { get; init; }
}

/// <summary>
/// A bounded job (1 launch, 3 warmups, 10 measured iterations): the three decode classes finish in about two
/// minutes on 2 cores. Plus the throughput columns.
/// </summary>
public sealed class DecodeConfig : ManualConfig
{
    public DecodeConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Bounded"));
        AddColumn(
            new DecodeColumn("Items", "Items in the batch: spans, log records or metric data points", DecodeColumn.Kind.Items),
            new DecodeColumn("Bytes", "Size of the encoded batch", DecodeColumn.Kind.Bytes),
            new DecodeColumn("Items/s", "Items decoded per second on one core (1 s / Mean x Items)", DecodeColumn.Kind.ItemsPerSecond),
            new DecodeColumn("MB/s", "Encoded megabytes (10^6 bytes) decoded per second on one core", DecodeColumn.Kind.MegabytesPerSecond),
            new DecodeColumn("B/item", "Allocated bytes per item (Allocated / Items)", DecodeColumn.Kind.AllocatedPerItem));
    }
}

/// <summary>Throughput columns computed from the mean time, the allocation and the <see cref="PayloadAttribute"/>.</summary>
public sealed class DecodeColumn(string name, string legend, DecodeColumn.Kind kind) : IColumn
{
    public enum Kind
    {
        Items,
        Bytes,
        ItemsPerSecond,
        MegabytesPerSecond,
        AllocatedPerItem,
    }

    public string Id => "Vigil." + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var payload = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<PayloadAttribute>();
        if (payload is null)
        {
            return "-";
        }
        double items, bytes;
        if (payload.Variants > 0)
        {
            var variants = Payloads.Variants(payload.Kind, payload.Variants);
            items = variants.Average(v => (double)v.Items);
            bytes = variants.Average(v => (double)v.Bytes(payload.Json));
        }
        else
        {
            var encoded = Payloads.Get(payload.Kind);
            items = encoded.Items;
            bytes = encoded.Bytes(payload.Json);
        }
        var report = summary[benchmarkCase];
        double? meanNs = report?.ResultStatistics?.Mean;
        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case Kind.Items:
                return items.ToString(payload.Variants > 0 ? "N1" : "N0", inv);
            case Kind.Bytes:
                return bytes.ToString("N0", inv);
            case Kind.ItemsPerSecond:
                return meanNs is > 0 ? (items / (meanNs.Value / 1e9)).ToString("N0", inv) : "-";
            case Kind.MegabytesPerSecond:
                return meanNs is > 0 ? (bytes / 1e6 / (meanNs.Value / 1e9)).ToString("N1", inv) : "-";
            case Kind.AllocatedPerItem:
                long? allocated = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
                return allocated is { } a ? (a / items).ToString("N1", inv) : "-";
            default:
                return "-";
        }
    }

    public override string ToString() => ColumnName;
}
