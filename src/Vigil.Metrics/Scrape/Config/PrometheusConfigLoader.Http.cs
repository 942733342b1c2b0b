using Vigil.Metrics.GoText;
using YamlDotNet.RepresentationModel;

namespace Vigil.Metrics.Scrape.Config;

internal static partial class PrometheusConfigLoader
{
    private static readonly HashSet<string> HttpKeys =
        ["basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config", "follow_redirects",
         "enable_http2", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "http_headers"];

    private static readonly HashSet<string> BasicAuthKeys = ["username", "username_file", "username_ref", "password", "password_file", "password_ref"];
    private static readonly HashSet<string> AuthorizationKeys = ["type", "credentials", "credentials_file", "credentials_ref"];
    private static readonly HashSet<string> OAuth2Keys =
        ["client_id", "client_secret", "client_secret_file", "client_secret_ref", "scopes", "token_url", "endpoint_params",
         "tls_config", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header"];
    private static readonly HashSet<string> TlsKeys =
        ["ca", "ca_file", "ca_ref", "cert", "cert_file", "cert_ref", "key", "key_file", "key_ref", "server_name",
         "insecure_skip_verify", "min_version", "max_version", "next_protos"];
    private static readonly HashSet<string> HeaderKeys = ["values", "secrets", "files"];
    private static readonly string[] TlsVersions = ["TLS10", "TLS11", "TLS12", "TLS13"];

    /// <summary>
    /// The inline HTTP client keys of a scrape config, checked as prometheus/common's
    /// <c>HTTPClientConfig.Validate</c> checks them (same messages, same order).
    /// </summary>
    private static HttpClientSettings ReadHttpClient(YamlMap map, string baseDir)
    {
        var reader = map.Reader;
        var jobNode = map.KeyNode("job_name") ?? map.Node("job_name")!;
        void Fail(string message) => reader.Error(jobNode, map.Path, message);

        string bearer = map.String("bearer_token") ?? "";
        string bearerFile = map.String("bearer_token_file") ?? "";
        BasicAuthSettings? basic = null;
        if (reader.Map(map.Node("basic_auth"), map.PathOf("basic_auth"), "config.BasicAuth", BasicAuthKeys) is { } b)
        {
            string user = b.String("username") ?? "", userFile = b.String("username_file") ?? "", userRef = b.String("username_ref") ?? "";
            string pass = b.String("password") ?? "", passFile = b.String("password_file") ?? "", passRef = b.String("password_ref") ?? "";
            if (Count(user, userFile, userRef) > 1) Fail("at most one of basic_auth username, username_file & username_ref must be configured");
            if (Count(pass, passFile, passRef) > 1) Fail("at most one of basic_auth password, password_file & password_ref must be configured");
            if (userRef.Length > 0 || passRef.Length > 0) Fail("basic_auth username_ref and password_ref need a secret manager, which Vigil does not have");
            basic = new BasicAuthSettings(user, NullIfEmpty(JoinDir(baseDir, userFile)), pass, NullIfEmpty(JoinDir(baseDir, passFile)));
        }

        bool oauth2 = false;
        if (reader.Map(map.Node("oauth2"), map.PathOf("oauth2"), "config.OAuth2", OAuth2Keys) is { } o)
        {
            oauth2 = true;
            if ((o.String("client_id") ?? "").Length == 0) Fail("oauth2 client_id must be configured");
            if ((o.String("token_url") ?? "").Length == 0) Fail("oauth2 token_url must be configured");
        }

        if (bearer.Length > 0 && bearerFile.Length > 0) Fail("at most one of bearer_token & bearer_token_file must be configured");
        if ((basic is not null || oauth2) && (bearer.Length > 0 || bearerFile.Length > 0))
            Fail("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");

        AuthorizationSettings? authorization = null;
        if (reader.Map(map.Node("authorization"), map.PathOf("authorization"), "config.Authorization", AuthorizationKeys) is { } a)
        {
            string type = (a.String("type") ?? "").Trim();
            string creds = a.String("credentials") ?? "", credsFile = a.String("credentials_file") ?? "", credsRef = a.String("credentials_ref") ?? "";
            if (bearer.Length > 0 || bearerFile.Length > 0) Fail("authorization is not compatible with bearer_token & bearer_token_file");
            else if (Count(creds, credsFile, credsRef) > 1) Fail("at most one of authorization credentials & credentials_file must be configured");
            else if (type.Equals("basic", StringComparison.OrdinalIgnoreCase)) Fail("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            else if (basic is not null || oauth2) Fail("at most one of basic_auth, oauth2 & authorization must be configured");
            authorization = new AuthorizationSettings(type.Length == 0 ? "Bearer" : type, creds, NullIfEmpty(JoinDir(baseDir, credsFile)));
        }
        else if (bearer.Length > 0) authorization = new AuthorizationSettings("Bearer", bearer, null);
        else if (bearerFile.Length > 0) authorization = new AuthorizationSettings("Bearer", "", JoinDir(baseDir, bearerFile));
        if (oauth2 && basic is not null) Fail("at most one of basic_auth, oauth2 & authorization must be configured");

        string proxyUrl = map.String("proxy_url") ?? "";
        string noProxy = map.String("no_proxy") ?? "";
        bool fromEnv = map.Bool("proxy_from_environment") ?? false;
        bool connectHeader = map.Node("proxy_connect_header") is { } ch && !YamlScalars.IsNullNode(ch);
        if (connectHeader && !fromEnv && proxyUrl.Length == 0)
            Fail("if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
        else if (fromEnv && proxyUrl.Length > 0) Fail("if proxy_from_environment is configured, proxy_url must not be configured");
        else if (fromEnv && noProxy.Length > 0) Fail("if proxy_from_environment is configured, no_proxy must not be configured");
        else if (proxyUrl.Length == 0 && noProxy.Length > 0) Fail("if no_proxy is configured, proxy_url must also be configured");
        if (proxyUrl.Length > 0 && !Uri.TryCreate(proxyUrl, UriKind.Absolute, out _))
            reader.Error(map.Node("proxy_url")!, map.PathOf("proxy_url"), $"parse {GoQuote.Quote(proxyUrl)}: invalid URI for request");

        return new HttpClientSettings
        {
            BasicAuth = basic,
            Authorization = authorization,
            Tls = ReadTls(reader, map.Node("tls_config"), map.PathOf("tls_config"), baseDir),
            FollowRedirects = map.Bool("follow_redirects") ?? true,
            EnableHttp2 = map.Bool("enable_http2") ?? true,
            ProxyUrl = NullIfEmpty(proxyUrl),
            NoProxy = NullIfEmpty(noProxy),
            ProxyFromEnvironment = fromEnv,
            Headers = ReadHeaders(reader, map.Node("http_headers"), map.PathOf("http_headers"), baseDir),
            OAuth2Configured = oauth2,
        };
    }

    internal static TlsSettings ReadTls(ConfigReader reader, YamlNode? node, string path, string baseDir)
    {
        var t = reader.Map(node, path, "config.TLSConfig", TlsKeys);
        if (t is null) return new TlsSettings();
        string ca = t.String("ca") ?? "", caFile = t.String("ca_file") ?? "", caRef = t.String("ca_ref") ?? "";
        string cert = t.String("cert") ?? "", certFile = t.String("cert_file") ?? "", certRef = t.String("cert_ref") ?? "";
        string key = t.String("key") ?? "", keyFile = t.String("key_file") ?? "", keyRef = t.String("key_ref") ?? "";
        void Fail(string message) => reader.Error(node!, path, message);
        // prometheus/common TLSConfig.Validate, in its order.
        if (Count(ca, caFile, caRef) > 1) Fail("at most one of ca, ca_file & ca_ref must be configured");
        else if (Count(cert, certFile, certRef) > 1) Fail("at most one of cert, cert_file & cert_ref must be configured");
        else if (Count(key, keyFile, keyRef) > 1) Fail("at most one of key and key_file must be configured");
        else if (Count(cert, certFile, certRef) > 0 && Count(key, keyFile, keyRef) == 0)
            Fail("exactly one of key or key_file must be configured when a client certificate is configured");
        else if (Count(key, keyFile, keyRef) > 0 && Count(cert, certFile, certRef) == 0)
            Fail("exactly one of cert or cert_file must be configured when a client key is configured");
        else if (caRef.Length > 0 || certRef.Length > 0 || keyRef.Length > 0)
            Fail("ca_ref, cert_ref and key_ref need a secret manager, which Vigil does not have");
        string? min = TlsVersion(t, "min_version"), max = TlsVersion(t, "max_version");
        t.StringList("next_protos");
        return new TlsSettings
        {
            Ca = NullIfEmpty(ca),
            CaFile = NullIfEmpty(JoinDir(baseDir, caFile)),
            Cert = NullIfEmpty(cert),
            CertFile = NullIfEmpty(JoinDir(baseDir, certFile)),
            Key = NullIfEmpty(key),
            KeyFile = NullIfEmpty(JoinDir(baseDir, keyFile)),
            ServerName = NullIfEmpty(t.String("server_name") ?? ""),
            InsecureSkipVerify = t.Bool("insecure_skip_verify") ?? false,
            MinVersion = min,
            MaxVersion = max,
        };
    }

    private static string? TlsVersion(YamlMap t, string key)
    {
        string? v = t.String(key);
        if (v is null or "") return null;
        if (Array.IndexOf(TlsVersions, v) >= 0) return v;
        t.Reader.Error(t.Node(key)!, t.PathOf(key), $"unknown TLS version: {v}");
        return null;
    }

    /// <summary>http_headers: per header <c>values</c>, <c>secrets</c> and <c>files</c> (read at load).</summary>
    private static List<KeyValuePair<string, string>> ReadHeaders(ConfigReader reader, YamlNode? node, string path, string baseDir)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (YamlScalars.IsNullNode(node)) return result;
        if (node is not YamlMappingNode mapping)
        {
            reader.TypeError(node!, path, "config.Headers");
            return result;
        }
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            string name = (keyNode as YamlScalarNode)?.Value ?? "";
            var h = reader.Map(valueNode, ConfigReader.Join(path, name), "config.Header", HeaderKeys);
            if (h is null) continue;
            foreach (string v in h.StringList("values") ?? []) result.Add(new(name, v));
            foreach (string v in h.StringList("secrets") ?? []) result.Add(new(name, v));
            foreach (string f in h.StringList("files") ?? [])
            {
                try { result.Add(new(name, File.ReadAllText(JoinDir(baseDir, f)).Trim())); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    reader.Error(valueNode, ConfigReader.Join(path, name), $"unable to read header file {f}: {e.Message}");
                }
            }
        }
        return result;
    }

    private static int Count(params string[] values) => values.Count(v => v.Length > 0);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
