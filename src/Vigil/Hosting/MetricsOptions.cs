using Vigil.Configuration;
using Vigil.Metrics;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.Tsdb;

namespace Vigil.Hosting;

/// <summary>Maps vigil.yaml's <c>metrics.*</c> keys onto the metrics role's options (the translation layer).</summary>
internal static class MetricsOptions
{
    public static MetricsRoleOptions From(VigilConfig config)
    {
        var m = config.Metrics;
        var storage = new DbOptions
        {
            Directory = Path.Combine(config.DataDir, "metrics"),
            BlockRange = m.Storage.BlockRange,
            RetentionTime = m.Storage.RetentionTime,
            RetentionSize = m.Storage.RetentionSize,
            OutOfOrderWindow = m.Storage.OutOfOrderWindow,
            WalSyncInterval = m.Storage.WalSyncInterval,
        }.WithWalSync(m.Storage.WalSync.ToString());
        return new MetricsRoleOptions
        {
            Storage = storage,
            ConfigFile = m.ConfigFile,
            RemoteWriteReceiver = m.Receivers.RemoteWrite,
            OtlpReceiver = m.Receivers.Otlp,
            MaxRequestBodySize = m.Receivers.MaxRequestBodySize,
            AdminApi = m.EnableAdminApi,
            Lifecycle = m.EnableLifecycle,
            Port = m.Port,
            Query = new EngineOptions
            {
                Timeout = m.Query.Timeout,
                MaxSamples = m.Query.MaxSamples,
                LookbackDelta = m.Query.LookbackDelta,
                MaxConcurrency = m.Query.MaxConcurrency,
            },
        };
    }
}
