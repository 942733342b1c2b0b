using System.Text;
using Vigil.Core.Text;
using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.Scrape.Config;
using Vigil.Metrics.Scrape.Relabel;

namespace Vigil.Metrics.Scrape.Discovery;

/// <summary>What building one discovered target gave: an active target, a target dropped by relabeling, or an error.</summary>
internal readonly record struct TargetBuildResult(ScrapeTarget? Target, Labels? Dropped, string? Error);

/// <summary>
/// Turns a discovered target into a scrape target as Prometheus 3's <c>PopulateLabels</c> does
/// (scrape/target.go): default labels (<c>job</c>, <c>__scheme__</c>, <c>__metrics_path__</c>,
/// <c>__scrape_interval__</c>, <c>__scrape_timeout__</c>, <c>__param_*</c>), target relabeling, checks,
/// removal of <c>__meta_*</c>, <c>instance</c> defaulting to <c>__address__</c>. No default port is added
/// (Prometheus 3). Labels starting with <c>__</c> never reach the samples.
/// </summary>
internal static class TargetBuilder
{
    private const string Address = "__address__", Scheme = "__scheme__", MetricsPath = "__metrics_path__",
        IntervalLabel = "__scrape_interval__", TimeoutLabel = "__scrape_timeout__", ParamPrefix = "__param_",
        MetaPrefix = "__meta_", Reserved = "__";

    /// <summary>The labels before relabeling (the targets API's <c>discoveredLabels</c>).</summary>
    public static Labels DiscoveredLabels(Labels target, Labels group, ScrapeConfig config)
    {
        var lb = new LabelsBuilder(target);
        foreach (var label in group.AsSpan())
            if (!target.Has(label.Name)) lb.Set(label.Name, label.Value);
        SetIfEmpty(lb, "job", config.JobName);
        SetIfEmpty(lb, IntervalLabel, Duration.Format(config.ScrapeInterval));
        SetIfEmpty(lb, TimeoutLabel, Duration.Format(config.ScrapeTimeout));
        SetIfEmpty(lb, MetricsPath, config.MetricsPath);
        SetIfEmpty(lb, Scheme, config.Scheme);
        foreach (var (name, values) in config.Params)
            if (values.Count > 0) SetIfEmpty(lb, ParamPrefix + name, values[0]);
        return lb.Build();
    }

    public static TargetBuildResult Build(Labels target, Labels group, ScrapeConfig config, Relabeler relabel)
    {
        var discovered = DiscoveredLabels(target, group, config);
        var lb = new LabelsBuilder(discovered);
        if (!relabel.Process(lb)) return new TargetBuildResult(null, discovered, null);
        string address = lb.Get(Address);
        if (address.Length == 0) return Fail("no address");
        if (address.Contains('/', StringComparison.Ordinal)) return Fail($"{GoQuote.Quote(address)} is not a valid hostname");

        string intervalText = lb.Get(IntervalLabel);
        if (!TryDuration(intervalText, out var interval, out string? intervalError)) return Fail("error parsing scrape interval: " + intervalError);
        if (interval == TimeSpan.Zero) return Fail("scrape interval cannot be 0");
        string timeoutText = lb.Get(TimeoutLabel);
        if (!TryDuration(timeoutText, out var timeout, out string? timeoutError)) return Fail("error parsing scrape timeout: " + timeoutError);
        if (timeout == TimeSpan.Zero) return Fail("scrape timeout cannot be 0");
        if (timeout > interval)
            return Fail($"scrape timeout cannot be greater than scrape interval ({GoQuote.Quote(timeoutText)} > {GoQuote.Quote(intervalText)})");

        lb.RemoveWhere(static l => l.Name.StartsWith(MetaPrefix, StringComparison.Ordinal));
        if (lb.Get("instance").Length == 0) lb.Set("instance", address);
        var all = lb.Build();
        foreach (var label in all.AsSpan())
        {
            if (!LabelValidation.IsValidLabelValue(label.Value))
                return Fail($"invalid label value for {GoQuote.Quote(label.Name)}: {GoQuote.Quote(label.Value)}");
        }
        string url = BuildUrl(all, config.Params);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Fail($"parse {GoQuote.Quote(url)}: invalid URL");
        var publicLabels = new LabelsBuilder(all);
        publicLabels.RemoveWhere(static l => l.Name.StartsWith(Reserved, StringComparison.Ordinal));
        return new TargetBuildResult(new ScrapeTarget(publicLabels.Build(), discovered, uri, interval, timeout), null, null);
    }

    private static TargetBuildResult Fail(string error) => new(null, null, error);

    private static void SetIfEmpty(LabelsBuilder lb, string name, string value)
    {
        if (lb.Get(name).Length == 0) lb.Set(name, value);
    }

    private static bool TryDuration(string text, out TimeSpan value, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            value = default;
            error = "empty duration string";
            return false;
        }
        if (Duration.TryParse(text, out value)) return true;
        error = $"not a valid duration string: {GoQuote.Quote(text)}";
        return false;
    }

    /// <summary>
    /// Prometheus <c>Target.URL</c>: scheme, address and path from the labels; query from the config's
    /// params with <c>__param_x</c> replacing the first value of <c>x</c>; keys sorted and escaped as Go's
    /// <c>url.Values.Encode</c> does.
    /// </summary>
    internal static string BuildUrl(Labels labels, IReadOnlyDictionary<string, IReadOnlyList<string>> configParams)
    {
        var query = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in configParams) query[k] = [.. v];
        foreach (var label in labels.AsSpan())
        {
            if (!label.Name.StartsWith(ParamPrefix, StringComparison.Ordinal)) continue;
            string key = label.Name[ParamPrefix.Length..];
            if (query.TryGetValue(key, out var values) && values.Count > 0) values[0] = label.Value;
            else query[key] = [label.Value];
        }
        string path = labels.Get(MetricsPath);
        if (path.Length > 0 && path[0] != '/') path = "/" + path;
        var sb = new StringBuilder().Append(labels.Get(Scheme)).Append("://").Append(labels.Get(Address)).Append(path);
        char separator = '?';
        foreach (var (key, values) in query)
        {
            foreach (string value in values)
            {
                sb.Append(separator).Append(QueryEscape(key)).Append('=').Append(QueryEscape(value));
                separator = '&';
            }
        }
        return sb.ToString();
    }

    /// <summary>Go <c>url.QueryEscape</c>: unreserved characters kept, space as '+', the rest %XX of UTF-8.</summary>
    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else if (c == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
