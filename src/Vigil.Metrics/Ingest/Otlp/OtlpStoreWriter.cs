using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Metrics.Tsdb;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>
/// Writes batches from the collector pipeline into the metrics store: translate every request of the batch,
/// commit once, feed the latest values. Unlike the Prometheus endpoint, a batch mixes many senders' data
/// that was already acknowledged, so refused samples (out of order, ...) and untranslatable metrics are
/// counted and logged while the rest is committed. Thread-safe; the exporter adapter calls it per batch.
/// </summary>
public sealed class OtlpStoreWriter(OtlpTranslator translator, OtlpLatestValues? latest = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public OtlpTranslator Translator => translator;

    public OtlpLatestValues? LatestValues => latest;

    /// <summary>
    /// Translates and commits <paramref name="batch"/>. Throws <see cref="IOException"/> when the store
    /// cannot commit (nothing is then stored); refusals are reported in the result, not thrown.
    /// </summary>
    public async ValueTask<OtlpWriteResult> WriteAsync(IReadOnlyList<MetricsData> batch, IAppendable store, CancellationToken cancellationToken)
    {
        var appender = store.Appender();
        if (latest is not null) appender = latest.Wrap(appender);
        OtlpWriteResult result;
        try
        {
            result = translator.Translate(batch, appender);
        }
        catch
        {
            appender.Rollback();
            throw;
        }
        await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (result.SamplesRejected > 0 || result.TranslationErrors > 0)
            OtlpIngestLog.BatchPartlyRefused(_logger, result.SamplesRejected, result.TranslationErrors, result.FirstError ?? "");
        if (result.Warnings.Count > 0) OtlpIngestLog.TranslationWarnings(_logger, string.Join("; ", result.Warnings));
        return result;
    }
}
