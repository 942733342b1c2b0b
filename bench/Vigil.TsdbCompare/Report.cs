using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.TsdbCompare;

/// <summary>Formats the results as a Markdown table (stdout, docs/benchmarks.md) and writes them as JSON.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(CompareOptions options, StreamPlan plan, IReadOnlyList<SystemResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"Stream: {options.Series:N0} series, {plan.Steps} samples each {plan.IntervalMs / 1000} s apart ({options.Hours} h), "
            + $"{plan.TotalSamples:N0} samples in {plan.Requests:N0} requests of up to {options.Batch} samples, {options.Shards} concurrent senders, "
            + $"seed {options.Seed}; {plan.CompressedBytes / 1e6:N1} MB snappy ({plan.UncompressedBytes / 1e6:N1} MB protobuf). "
            + $"Phase one: first {plan.PhaseOneSteps} steps ({plan.PhaseOneSamples:N0} samples, head < 3h, no block cut possible).");
        sb.AppendLine();
        sb.Append("| measure |");
        foreach (var r in results)
        {
            sb.Append(Inv, $" {Column(options, r)} |");
        }
        bool ratio = results.Count == 2 && results[0].System != results[1].System;
        sb.AppendLine(ratio ? " ratio (2nd / 1st) |" : "");
        sb.Append("| --- |");
        sb.Append(string.Concat(Enumerable.Repeat(" ---: |", results.Count + (ratio ? 1 : 0))));
        sb.AppendLine();

        void Row(string label, Func<SystemResult, double?> value, string format, bool showRatio = true)
        {
            sb.Append(Inv, $"| {label} |");
            var values = results.Select(value).ToArray();
            foreach (var v in values)
            {
                sb.Append(' ').Append(v is { } x ? x.ToString(format, Inv) : "n/a").Append(" |");
            }
            if (ratio)
            {
                sb.Append(' ').Append(showRatio && values[0] is > 0 && values[1] is { } b ? (b / values[0]!.Value).ToString("0.00", Inv) + "x" : "").Append(" |");
            }
            sb.AppendLine();
        }

        Row("samples accepted / sent", r => r.IngestSamples, "N0", false);
        Row("samples rejected", r => r.SamplesRejected, "N0", false);
        Row("ingest wall time, s", r => r.IngestWallSeconds, "N1");
        Row("server CPU-s, phase one", r => r.PhaseOneCpuSeconds, "N2");
        Row("**samples per CPU-second, phase one**", r => r.SamplesPerCpuSecond, "N0");
        Row("samples per CPU-second, whole stream", r => r.SamplesPerCpuSecondWhole, "N0");
        Row("idle RSS after start, MB", r => r.IdleRssBytes / 1e6, "N1");
        Row("RSS at end of ingest, MB", r => r.RssAfterIngestBytes / 1e6, "N1");
        Row("peak RSS (VmHWM) through block cut, MB", r => r.PeakRssBytes / 1e6, "N1");
        Row("**peak RSS per active series, bytes**", r => r.PeakRssPerSeries(options.Series), "N0");
        Row("(peak - idle) RSS per series, bytes", r => (r.PeakRssBytes - r.IdleRssBytes) / (double)options.Series, "N0");
        Row("head series (status/tsdb)", r => r.HeadSeries, "N0", false);
        Row("first block: samples (expected " + plan.ExpectedBlockSamples.ToString("N0", Inv) + ")", r => r.Block?.Samples, "N0", false);
        Row("first block: waited for it, s", r => r.BlockWaitSeconds, "N1", false);
        Row("first block: CPU-s from end of ingest to block", r => r.BlockCpuSeconds, "N2");
        Row("first block: total bytes", r => r.Block?.TotalBytes, "N0");
        Row("first block: chunk bytes", r => r.Block?.ChunkBytes, "N0");
        Row("first block: index bytes", r => r.Block?.IndexBytes, "N0");
        Row("**bytes per sample, whole block**", r => r.BlockBytesPerSample, "N3");
        Row("bytes per sample, chunks only", r => r.ChunkBytesPerSample, "N3");
        Row("waited for the server to go idle before stopping, s", r => r.SettleSeconds, "N1", false);
        Row("WAL size at stop, MB", r => r.WalBytesAtStop / 1e6, "N1");
        Row("**restart: time until /-/ready, s**", r => r.RestartReadySeconds, "N2");
        Row("(start on an empty data dir, s)", r => r.StartupSeconds, "N2");
        Row("restart: WAL replay as logged, s", r => r.LoggedReplaySeconds, "N2");
        Row("head series after restart", r => r.HeadSeriesAfterRestart, "N0", false);
        Row("RSS after restart, MB", r => r.RssAfterRestartBytes / 1e6, "N1");
        foreach (var r in results.Where(r => r.Error is not null || r.FirstError is not null))
        {
            sb.AppendLine();
            sb.Append(Inv, $"{Column(options, r)}: ");
            sb.AppendLine(r.Error ?? "first rejected request: " + r.FirstError);
        }
        AppendTargets(sb, options, results);
        return sb.ToString();
    }

    private static string Column(CompareOptions options, SystemResult r) => options.Repeat > 1 ? $"{r.System} #{r.Run}" : r.System;

    /// <summary>The targets, Vigil against Prometheus, when both ran (medians over runs with --repeat).</summary>
    private static void AppendTargets(StringBuilder sb, CompareOptions options, IReadOnlyList<SystemResult> results)
    {
        var prom = results.Where(r => r.System == "prometheus" && r.Error is null).ToList();
        var vigil = results.Where(r => r.System == "vigil" && r.Error is null).ToList();
        if (prom.Count == 0 || vigil.Count == 0)
        {
            return;
        }
        sb.AppendLine();
        if (options.Repeat > 1)
        {
            sb.AppendLine(Inv, $"Medians of {prom.Count} Prometheus and {vigil.Count} Vigil runs:");
            sb.AppendLine();
        }
        sb.AppendLine("| target | Vigil | Prometheus | Vigil / Prometheus | met? |");
        sb.AppendLine("| --- | ---: | ---: | ---: | --- |");
        void Target(string what, double? v, double? p, string format, Func<double, double, bool> met, bool absolute = false)
        {
            string ratio = v is { } a && p is > 0 ? (a / p.Value).ToString("0.00", Inv) + "x" : "n/a";
            string ok = v is { } x && (absolute || p is not null) ? (met(x, p ?? 0) ? "yes" : "**no**") : "n/a";
            sb.AppendLine(Inv, $"| {what} | {Fmt(v, format)} | {Fmt(p, format)} | {ratio} | {ok} |");
        }
        Target(">= 1.5x Prometheus samples per CPU-second", Median(vigil, r => r.SamplesPerCpuSecond), Median(prom, r => r.SamplesPerCpuSecond), "N0", (v, p) => v >= 1.5 * p);
        Target("<= 0.5x Prometheus memory per active series (peak RSS)", Median(vigil, r => r.PeakRssPerSeries(options.Series)),
            Median(prom, r => r.PeakRssPerSeries(options.Series)), "N0", (v, p) => v <= 0.5 * p);
        Target("<= 1.0 byte per sample on disk (whole block)", Median(vigil, r => r.BlockBytesPerSample), Median(prom, r => r.BlockBytesPerSample), "N3", (v, _) => v <= 1.0, absolute: true);
        Target("faster WAL replay (restart until ready)", Median(vigil, r => r.RestartReadySeconds), Median(prom, r => r.RestartReadySeconds), "N2", (v, p) => v < p);
    }

    private static double? Median(List<SystemResult> runs, Func<SystemResult, double?> value) =>
        Median(runs.Select(value).Where(v => v is not null).Select(v => v!.Value));

    /// <summary>The median of the values, or null when there are none.</summary>
    public static double? Median(IEnumerable<double> source)
    {
        var values = source.Order().ToArray();
        return values.Length == 0 ? null
            : values.Length % 2 == 1 ? values[values.Length / 2]
            : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    private static string Fmt(double? v, string format) => v is { } x ? x.ToString(format, Inv) : "n/a";

    public static void WriteJson(string path, CompareOptions options, StreamPlan plan, IReadOnlyList<SystemResult> results, string machine)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new
        {
            when = DateTimeOffset.UtcNow,
            machine,
            options = new { options.Series, options.Hours, options.IntervalSeconds, options.Seed, options.Batch, options.Shards, options.JitterMs, options.Repeat, options.VigilArgs },
            plan,
            results = results.Select(r => new
            {
                result = r,
                samplesPerCpuSecond = r.SamplesPerCpuSecond,
                samplesPerCpuSecondWhole = r.SamplesPerCpuSecondWhole,
                peakRssPerSeries = r.PeakRssPerSeries(options.Series),
                blockBytesPerSample = r.BlockBytesPerSample,
                chunkBytesPerSample = r.ChunkBytesPerSample,
            }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    }
}
