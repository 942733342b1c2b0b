namespace Vigil.Metrics.Scrape.Config;

/// <summary>
/// The HTTP client part of a scrape config (prometheus/common <c>config.HTTPClientConfig</c>):
/// authentication, TLS, redirects, proxy, extra headers. <c>bearer_token</c>/<c>bearer_token_file</c>
/// (2.x names) arrive here already turned into <see cref="Authorization"/>, as common's Validate does.
/// <see cref="Key"/> is a canonical text of everything here: equal keys mean an equal client.
/// </summary>
internal sealed record HttpClientSettings
{
    public BasicAuthSettings? BasicAuth { get; init; }
    public AuthorizationSettings? Authorization { get; init; }
    public TlsSettings Tls { get; init; } = new();
    public bool FollowRedirects { get; init; } = true;
    public bool EnableHttp2 { get; init; } = true;
    public string? ProxyUrl { get; init; }
    public string? NoProxy { get; init; }
    public bool ProxyFromEnvironment { get; init; }
    /// <summary>http_headers: name to values (secrets and files already resolved at load).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    /// <summary>oauth2 is accepted but not implemented; requests go out without it.</summary>
    public bool OAuth2Configured { get; init; }

    public string Key => string.Join('\u001f',
        BasicAuth?.ToString() ?? "-", Authorization?.ToString() ?? "-", Tls.ToString(), FollowRedirects, EnableHttp2,
        ProxyUrl ?? "-", NoProxy ?? "-", ProxyFromEnvironment, string.Join(',', Headers.Select(h => h.Key + "=" + h.Value)), OAuth2Configured);
}

/// <summary>basic_auth: the password (or its file, read on every request as Prometheus does).</summary>
internal sealed record BasicAuthSettings(string Username, string? UsernameFile, string Password, string? PasswordFile);

/// <summary>authorization: <c>type</c> (default <c>Bearer</c>) and credentials or their file (read on every request).</summary>
internal sealed record AuthorizationSettings(string Type, string Credentials, string? CredentialsFile);

/// <summary>tls_config: CA, client certificate and key (inline PEM or files), server name, verification.</summary>
internal sealed record TlsSettings
{
    public string? Ca { get; init; }
    public string? CaFile { get; init; }
    public string? Cert { get; init; }
    public string? CertFile { get; init; }
    public string? Key { get; init; }
    public string? KeyFile { get; init; }
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }
    public string? MinVersion { get; init; }
    public string? MaxVersion { get; init; }
}
