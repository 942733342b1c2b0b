namespace Vigil.Core.Hosting;

/// <summary>Constant bodies the upstream servers send, byte for byte.</summary>
public static class PlainText
{
    /// <summary>Go's http.NotFound body, which Prometheus, Loki and Tempo send for unknown paths.</summary>
    public const string GoNotFound = "404 page not found\n";

    public const string TextContentType = "text/plain; charset=utf-8";
}
