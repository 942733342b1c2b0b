using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vigil.Metrics.Scrape.Config;

namespace Vigil.Metrics.Scrape;

/// <summary>
/// Builds the HTTP client of a scrape pool from its <see cref="HttpClientSettings"/> (prometheus/common
/// <c>NewClientFromConfig</c>): TLS (CA, client certificate, server name, verification, versions),
/// redirects, proxy (none unless configured: the environment's proxy is ignored, as in Prometheus),
/// gzip decompression, idle connections kept 5 minutes. Authentication goes on each request through
/// <see cref="AuthHandler"/>, which re-reads password and credentials files every time as Prometheus does.
/// Problems with certificate files are reported as Prometheus words them and make the pool unusable.
/// </summary>
internal static class ScrapeHttpClientFactory
{
    public static HttpClient Create(HttpClientSettings settings, bool enableCompression, string userAgent, HttpMessageHandler? inner = null)
    {
        var handler = inner ?? CreateSocketsHandler(settings, enableCompression);
        var client = new HttpClient(new AuthHandler(settings, userAgent) { InnerHandler = handler }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // each scrape has its own timeout
        };
        return client;
    }

    private static SocketsHttpHandler CreateSocketsHandler(HttpClientSettings settings, bool enableCompression)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = enableCompression ? DecompressionMethods.GZip : DecompressionMethods.None,
            AllowAutoRedirect = settings.FollowRedirects,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        };
        if (settings.ProxyFromEnvironment)
        {
            handler.UseProxy = true; // the default proxy honours HTTP_PROXY/HTTPS_PROXY/NO_PROXY
        }
        else if (settings.ProxyUrl is { } proxyUrl)
        {
            var bypass = settings.NoProxy?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            handler.Proxy = new WebProxy(new Uri(proxyUrl)) { BypassList = bypass.Select(NoProxyToRegex).ToArray() };
            handler.UseProxy = true;
        }
        handler.SslOptions = CreateTls(settings.Tls);
        return handler;
    }

    private static string NoProxyToRegex(string entry) =>
        System.Text.RegularExpressions.Regex.Escape(entry.TrimStart('.')).Replace(@"\*", ".*", StringComparison.Ordinal);

    /// <summary>Client TLS options; throws <see cref="InvalidOperationException"/> with Prometheus's wording when files are unusable.</summary>
    internal static SslClientAuthenticationOptions CreateTls(TlsSettings tls)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = tls.ServerName };
        X509Certificate2Collection? roots = null;
        if (tls.Ca is not null || tls.CaFile is not null)
        {
            string pem;
            try { pem = tls.Ca ?? File.ReadAllText(tls.CaFile!); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"unable to read CA cert: {e.Message}", e);
            }
            roots = [];
            try { roots.ImportFromPem(pem); }
            catch (System.Security.Cryptography.CryptographicException) { roots.Clear(); }
            if (roots.Count == 0) throw new InvalidOperationException($"unable to use specified CA cert {tls.CaFile ?? "inline"}");
        }
        if ((tls.Cert ?? tls.CertFile) is not null && (tls.Key ?? tls.KeyFile) is not null)
        {
            try
            {
                string certPem = tls.Cert ?? File.ReadAllText(tls.CertFile!);
                string keyPem = tls.Key ?? File.ReadAllText(tls.KeyFile!);
                var cert = X509Certificate2.CreateFromPem(certPem, keyPem);
                options.ClientCertificates = [cert];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException(
                    $"unable to use specified client cert ({tls.CertFile ?? "inline"}) & key ({tls.KeyFile ?? "inline"}): {e.Message}", e);
            }
        }
        options.EnabledSslProtocols = Protocols(tls.MinVersion, tls.MaxVersion);
        bool skip = tls.InsecureSkipVerify;
        options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (skip) return true;
            if (roots is null) return errors == SslPolicyErrors.None;
            if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
            if (certificate is null) return false;
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null) foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            return custom.Build(new X509Certificate2(certificate));
        };
        return options;
    }

    private static SslProtocols Protocols(string? min, string? max)
    {
        if (min is null && max is null) return SslProtocols.None; // the OS default
        int lo = min is null ? 12 : int.Parse(min.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
        int hi = max is null ? 13 : int.Parse(max.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
        var result = SslProtocols.None;
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 only when a config asks for them, as Prometheus allows
        if (lo <= 10 && hi >= 10) result |= SslProtocols.Tls;
        if (lo <= 11 && hi >= 11) result |= SslProtocols.Tls11;
#pragma warning restore SYSLIB0039
        if (lo <= 12 && hi >= 12) result |= SslProtocols.Tls12;
        if (lo <= 13 && hi >= 13) result |= SslProtocols.Tls13;
        return result;
    }

    /// <summary>Adds User-Agent, basic auth or the Authorization header, and http_headers to every request.</summary>
    private sealed class AuthHandler(HttpClientSettings settings, string userAgent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            foreach (var (name, value) in settings.Headers) request.Headers.TryAddWithoutValidation(name, value);
            if (settings.BasicAuth is { } basic)
            {
                string user = basic.UsernameFile is { } uf ? ReadSecret(uf) : basic.Username;
                string pass = basic.PasswordFile is { } pf ? ReadSecret(pf) : basic.Password;
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass)));
            }
            else if (settings.Authorization is { } auth)
            {
                string credentials = auth.CredentialsFile is { } cf ? ReadSecret(cf) : auth.Credentials;
                request.Headers.TryAddWithoutValidation("Authorization", auth.Type + " " + credentials);
            }
            return base.SendAsync(request, cancellationToken);
        }

        /// <summary>Secret files are read per request; surrounding whitespace is trimmed as in prometheus/common.</summary>
        private static string ReadSecret(string path)
        {
            try { return File.ReadAllText(path).Trim(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HttpRequestException($"unable to read secret file {path}: {e.Message}", e);
            }
        }
    }
}
