namespace GreenhouseApp.Hosting;

/// <summary>Turns the addresses Kestrel bound into one this process can call itself on.</summary>
internal static class SelfAddress
{
    /// <summary>
    /// Picks an http address (https needs a trusted certificate) and replaces a wildcard host, which
    /// cannot be dialled, with the loopback address of the same family. Kestrel reports the real port
    /// after binding, so this works when the configured port was 0. Null when none will do.
    /// </summary>
    public static Uri? Pick(IEnumerable<string> boundAddresses)
    {
        Uri? https = null;
        foreach (string address in boundAddresses)
        {
            if (!Uri.TryCreate(Dialable(address), UriKind.Absolute, out var uri))
            {
                continue;
            }
            if (uri.Scheme == Uri.UriSchemeHttp)
            {
                return uri;
            }
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                https ??= uri;
            }
        }
        return https;
    }

    private static string Dialable(string address) => address
        .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
        .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal)
        .Replace("://+:", "://localhost:", StringComparison.Ordinal)
        .Replace("://*:", "://localhost:", StringComparison.Ordinal);
}
