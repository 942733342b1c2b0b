namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// How a request ended: the HTTP status, the text body for an error, and what was written (the values of
/// the <c>X-Prometheus-Remote-Write-*-Written</c> headers; 1.0 answers always report 0, as upstream).
/// </summary>
internal readonly record struct RemoteWriteResult(int Status, string? Error, long SamplesWritten = 0, long HistogramsWritten = 0, long ExemplarsWritten = 0)
{
    public static RemoteWriteResult NoContent(long samples = 0) => new(204, null, samples);

    public static RemoteWriteResult Failed(int status, string error) => new(status, error);
}
