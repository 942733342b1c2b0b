namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>
/// Content negotiation of the receiver (storage/remote/write_handler.go <c>parseProtoMsg</c>, client_golang
/// exp/api/remote): the media type must be <c>application/x-protobuf</c>; a <c>proto=</c> parameter picks
/// the message, none means 1.0; an empty header is taken as 1.0. Texts are upstream's. Unlike upstream,
/// whitespace around parameters and the media type's case are tolerated, as RFC 9110 allows them.
/// </summary>
internal static class RemoteWriteContentType
{
    public const string MediaType = "application/x-protobuf";
    public const string V1Message = "prometheus.WriteRequest";
    public const string V2Message = "io.prometheus.write.v2.Request";

    public static bool TryParse(string? header, out RemoteWriteVersion version, out string error)
    {
        string contentType = string.IsNullOrEmpty(header) ? MediaType : header.Trim();
        var parts = contentType.Split(';');
        version = RemoteWriteVersion.V1;
        error = string.Empty;
        if (!string.Equals(parts[0].Trim(), MediaType, StringComparison.OrdinalIgnoreCase))
        {
            error = $"expected {MediaType} as the first (media) part, got {contentType} content-type";
            return false;
        }
        for (int i = 1; i < parts.Length; i++)
        {
            var pair = parts[i].Split('=');
            if (pair.Length != 2)
            {
                error = $"as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got {parts[i]} in {contentType} content-type";
                return false;
            }
            if (!string.Equals(pair[0].Trim(), "proto", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            string message = pair[1].Trim().Trim('"');
            switch (message)
            {
                case V1Message:
                    version = RemoteWriteVersion.V1;
                    return true;
                case V2Message:
                    version = RemoteWriteVersion.V2;
                    return true;
                default:
                    error = $"got {contentType} content type; unknown remote write protobuf message {message}, supported: {V1Message}, {V2Message}";
                    return false;
            }
        }
        return true;
    }

    public static string MessageName(RemoteWriteVersion version) => version == RemoteWriteVersion.V2 ? V2Message : V1Message;

    /// <summary>Upstream's 415 for a message the server was configured not to take (Go prints the list as <c>[a b]</c>).</summary>
    public static string NotAccepted(RemoteWriteVersion version, RemoteWriteOptions options)
    {
        string accepted = options.AcceptV1 && options.AcceptV2 ? $"{V1Message} {V2Message}" : options.AcceptV1 ? V1Message : V2Message;
        return $"{MessageName(version)} protobuf message is not accepted by this server; accepted [{accepted}]";
    }

    /// <summary>Only snappy, or no header (1.0 senders predate it; the body is snappy either way).</summary>
    public static bool IsAcceptedEncoding(string? encoding) =>
        string.IsNullOrEmpty(encoding) || string.Equals(encoding, "snappy", StringComparison.OrdinalIgnoreCase);

    public static string EncodingNotAccepted(string encoding) =>
        $"{encoding} encoding (compression) is not accepted by this server; only snappy is acceptable";
}
