using System.Globalization;
using Vigil.Core.Text;

namespace Vigil.Metrics.Api;

/// <summary>
/// The settings in force under Prometheus's flag names, for <c>/api/v1/status/flags</c> (all values strings, keys
/// sorted as Go's JSON map encoding sorts them). Only flags Vigil has a counterpart for are listed.
/// </summary>
internal static class PrometheusFlags
{
    public static IReadOnlyDictionary<string, string> From(MetricsRoleOptions options)
    {
        var q = options.Query;
        var s = options.Storage;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["config.file"] = options.ConfigFile,
            ["query.lookback-delta"] = Duration.Format(q.LookbackDelta),
            ["query.max-concurrency"] = q.MaxConcurrency.ToString(CultureInfo.InvariantCulture),
            ["query.max-samples"] = q.MaxSamples.ToString(CultureInfo.InvariantCulture),
            ["query.timeout"] = Duration.Format(q.Timeout),
            ["storage.tsdb.min-block-duration"] = Duration.Format(s.BlockRange),
            ["storage.tsdb.path"] = s.Directory,
            ["storage.tsdb.retention.size"] = s.RetentionSize > 0 ? ByteSize.Format(s.RetentionSize) : "0B",
            ["storage.tsdb.retention.time"] = Duration.Format(s.RetentionTime),
            ["web.enable-admin-api"] = Bool(options.AdminApi),
            ["web.enable-lifecycle"] = Bool(options.Lifecycle),
            ["web.enable-otlp-receiver"] = Bool(options.OtlpReceiver),
            ["web.enable-remote-write-receiver"] = Bool(options.RemoteWriteReceiver),
            ["web.listen-address"] = ":" + options.Port.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
