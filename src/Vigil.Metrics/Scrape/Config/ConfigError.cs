namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// One problem in a prometheus.yml: where it is (1-based line and column, and the key path such as
/// <c>scrape_configs[0].relabel_configs[1].action</c>) and what it is, in Prometheus's own words
/// (<c>field foo not found in type config.ScrapeConfig</c>). Printed as
/// <c>line 5:5: scrape_configs[0].foo: field foo not found in type config.ScrapeConfig</c>.
/// </summary>
internal readonly record struct ConfigError(int Line, int Column, string Path, string Message)
{
    public override string ToString()
    {
        string where = Line > 0 ? $"line {Line}:{Column}: " : "";
        return Path.Length > 0 ? $"{where}{Path}: {Message}" : where + Message;
    }
}
