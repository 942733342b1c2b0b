using System.Globalization;
using System.Text;
using Vigil.Metrics.GoText;

namespace Vigil.Metrics.Scrape.Parsing;

/// <summary>
/// Content negotiation for scraping, as Prometheus 3 does it: the <c>Accept</c> header built from
/// <c>scrape_protocols</c> (<c>scrape/scrape.go</c> <c>acceptHeader</c>) and the parser picked from the
/// response's <c>Content-Type</c> media type (<c>model/textparse/interface.go</c> <c>New</c>): the version
/// parameter is not looked at, a blank or unknown type needs <c>fallback_scrape_protocol</c>.
/// The protobuf format (<c>PrometheusProto</c>) is known to the configuration but not parsed by Vigil:
/// it is left out of the Accept header, and a protobuf response fails the scrape with a clear error.
/// </summary>
internal static class ExpositionFormats
{
    public const string PrometheusProto = "PrometheusProto";
    public const string PrometheusText004 = "PrometheusText0.0.4";
    public const string PrometheusText100 = "PrometheusText1.0.0";
    public const string OpenMetricsText001 = "OpenMetricsText0.0.1";
    public const string OpenMetricsText100 = "OpenMetricsText1.0.0";

    /// <summary>Prometheus's default escaping scheme for UTF-8 validation (<c>metric_name_escaping_scheme</c>).</summary>
    public const string AllowUtf8Escaping = "allow-utf-8";

    private const string OpenMetricsMediaType = "application/openmetrics-text";
    private const string TextMediaType = "text/plain";
    private const string ProtobufMediaType = "application/vnd.google.protobuf";

    /// <summary>config.ScrapeProtocolsHeaders, in the map's sorted key order (used in error texts).</summary>
    private static readonly (string Name, string Header)[] s_protocols =
    [
        (OpenMetricsText001, "application/openmetrics-text;version=0.0.1"),
        (OpenMetricsText100, "application/openmetrics-text;version=1.0.0"),
        (PrometheusProto, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"),
        (PrometheusText004, "text/plain;version=0.0.4"),
        (PrometheusText100, "text/plain;version=1.0.0"),
    ];

    /// <summary><c>config.DefaultScrapeProtocols</c>: what is offered when <c>scrape_protocols</c> is unset.</summary>
    public static IReadOnlyList<string> DefaultProtocols { get; } =
        [OpenMetricsText100, OpenMetricsText001, PrometheusText100, PrometheusText004];

    /// <summary>A valid <c>scrape_protocols</c> / <c>fallback_scrape_protocol</c> value (case-sensitive, as Prometheus).</summary>
    public static bool IsKnownProtocol(string name) => Header(name) is not null;

    /// <summary>A protocol Vigil can parse (every known one but <c>PrometheusProto</c>).</summary>
    public static bool IsSupportedProtocol(string name) => IsKnownProtocol(name) && name != PrometheusProto;

    /// <summary>Prometheus's error for an unknown protocol name, or null when it is known.</summary>
    public static string? ValidateProtocol(string name) => IsKnownProtocol(name)
        ? null
        : $"unknown scrape protocol {name}, supported: [{string.Join(' ', s_protocols.Select(p => p.Name))}]";

    /// <summary>The Accept header Prometheus 3 sends, with the default escaping scheme <c>allow-utf-8</c>.</summary>
    public static string AcceptHeader(IReadOnlyList<string>? scrapeProtocols) => AcceptHeader(scrapeProtocols, AllowUtf8Escaping);

    /// <summary>
    /// The Accept header for <paramref name="scrapeProtocols"/> (<see cref="DefaultProtocols"/> when null
    /// or empty): each protocol's media type, <c>;escaping=</c> on the 1.0.0 text formats, q-values from
    /// 0.6 down, then <c>*/*</c>. Unknown or repeated names throw (configuration validates them first);
    /// <c>PrometheusProto</c> is skipped since Vigil cannot parse it.
    /// </summary>
    public static string AcceptHeader(IReadOnlyList<string>? scrapeProtocols, string escapingScheme)
    {
        var protocols = scrapeProtocols is null || scrapeProtocols.Count == 0 ? DefaultProtocols : scrapeProtocols;
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int weight = s_protocols.Length + 1;
        foreach (string protocol in protocols)
        {
            string header = Header(protocol) ?? throw new ArgumentException(ValidateProtocol(protocol), nameof(scrapeProtocols));
            if (!seen.Add(protocol)) throw new ArgumentException($"duplicated protocol in scrape_protocols, got [{string.Join(' ', protocols)}]", nameof(scrapeProtocols));
            if (protocol == PrometheusProto) continue;
            sb.Append(header);
            if (protocol is PrometheusText100 or OpenMetricsText100) sb.Append(";escaping=").Append(escapingScheme);
            sb.Append(";q=0.").Append(weight.ToString(CultureInfo.InvariantCulture)).Append(',');
            weight--;
        }
        sb.Append("*/*;q=0.").Append(weight.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// The parser for a scraped body. Null when the scrape must fail, with <paramref name="error"/> in
    /// Prometheus's words (<c>non-compliant scrape target sending blank Content-Type and no
    /// fallback_scrape_protocol specified for target</c>, ...).
    /// </summary>
    public static ExpositionParser? Create(string? contentType, byte[] body, string? fallbackProtocol, out string? error) =>
        Create(contentType, body, body.Length, fallbackProtocol, ExpositionParserOptions.Default, out error, out _);

    /// <summary>
    /// As <see cref="Create(string?, byte[], string?, out string?)"/> for the first <paramref name="length"/>
    /// bytes of <paramref name="body"/>. When the fallback protocol was used, <paramref name="warning"/> says
    /// why (Prometheus logs it at debug level and scrapes on).
    /// </summary>
    public static ExpositionParser? Create(string? contentType, byte[] body, int length, string? fallbackProtocol,
        ExpositionParserOptions options, out string? error, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, body.Length);
        error = warning = null;
        string? mediaType = ChooseMediaType(contentType ?? "", FallbackMediaType(fallbackProtocol), out string? problem);
        switch (mediaType)
        {
            case OpenMetricsMediaType:
                warning = problem;
                return new OpenMetricsParser(body, length, options.SkipOpenMetricsCreatedSeries);
            case TextMediaType:
                warning = problem;
                return new PromTextParser(body, length);
            case ProtobufMediaType:
                error = $"received protobuf exposition (Content-Type {GoQuote.Quote(contentType ?? "")}), which Vigil does not parse; " +
                        "serve the text or OpenMetrics format, or set fallback_scrape_protocol to a text protocol";
                return null;
            default:
                error = problem ?? "unsupported Content-Type";
                return null;
        }
    }

    private static string? Header(string name)
    {
        foreach (var (n, header) in s_protocols)
        {
            if (string.Equals(n, name, StringComparison.Ordinal)) return header;
        }
        return null;
    }

    // ScrapeProtocol.HeaderMediaType: "" for an unknown or absent protocol.
    private static string FallbackMediaType(string? protocol) => protocol is null
        ? ""
        : Header(protocol) is { } header ? header[..header.IndexOf(';', StringComparison.Ordinal)] : "";

    // textparse extractMediaType: the media type to use (null: none), and an error or warning text.
    private static string? ChooseMediaType(string contentType, string fallback, out string? problem)
    {
        problem = null;
        if (contentType.Length == 0)
        {
            if (fallback.Length == 0)
            {
                problem = "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target";
                return null;
            }
            problem = $"non-compliant scrape target sending blank Content-Type, using fallback_scrape_protocol {GoQuote.Quote(fallback)}";
            return fallback;
        }
        string? mediaType = MediaType.Parse(contentType, out string? parseError);
        if (mediaType is null)
        {
            // errors.Join puts the mime error on its own line.
            if (fallback.Length == 0)
            {
                problem = $"cannot parse Content-Type {GoQuote.Quote(contentType)} and no fallback_scrape_protocol for target\n{parseError}";
                return null;
            }
            problem = $"could not parse received Content-Type {GoQuote.Quote(contentType)}, using fallback_scrape_protocol {GoQuote.Quote(fallback)}\n{parseError}";
            return fallback;
        }
        if (mediaType is OpenMetricsMediaType or ProtobufMediaType or TextMediaType) return mediaType;
        if (fallback.Length == 0)
        {
            problem = $"received unsupported Content-Type {GoQuote.Quote(contentType)} and no fallback_scrape_protocol specified for target";
            return null;
        }
        problem = $"received unsupported Content-Type {GoQuote.Quote(contentType)}, using fallback_scrape_protocol {GoQuote.Quote(fallback)}";
        return fallback;
    }
}
