using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Vigil.Core.Text;
using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

/// <summary>
/// Decodes OTLP/JSON (the proto3 JSON mapping with the OTLP rules) into Vigil's model by walking
/// <see cref="Utf8JsonReader"/> by hand: no reflection, no DOM, strings through <see cref="Utf8StringCache"/>.
/// Accepted leniently: snake_case keys (any key is matched case- and underscore-insensitively), 64-bit integers
/// as strings or numbers, 32-bit integers and doubles as numeric strings, enum names, URL-safe base64.
/// Unknown fields are skipped whole; <c>null</c> for a field means its default. Everything else malformed
/// throws <see cref="OtlpJsonException"/> naming the JSON path and byte offset.
/// </summary>
public static partial class OtlpJsonDecoder
{
    /// <summary>AnyValue arrays/kvlists nest at most this deep, as in the protobuf decoder.</summary>
    internal const int MaxAnyValueDepth = 64;

    /// <summary>Raw JSON nesting limit: room for the OTLP envelope plus <see cref="MaxAnyValueDepth"/> AnyValue levels (4 JSON levels each).</summary>
    internal const int MaxJsonDepth = 16 + 4 * (MaxAnyValueDepth + 1);

    /// <summary>Longest normalized key we look at; every OTLP field name is shorter.</summary>
    private const int KeyBufferSize = 32;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private static readonly Utf8StringCache Names = Utf8StringCache.Names;
    private static readonly Utf8StringCache Values = Utf8StringCache.Values;

    /// <summary>Decodes an OTLP/JSON <c>ExportTraceServiceRequest</c>.</summary>
    public static TracesData DecodeTraces(ReadOnlySpan<byte> utf8Json)
    {
        var parser = new Parser(utf8Json);
        try
        {
            return parser.ReadTracesData();
        }
        catch (JsonException e)
        {
            throw parser.InvalidJson(e);
        }
    }

    /// <summary>Decodes an OTLP/JSON <c>ExportLogsServiceRequest</c>.</summary>
    public static LogsData DecodeLogs(ReadOnlySpan<byte> utf8Json)
    {
        var parser = new Parser(utf8Json);
        try
        {
            return parser.ReadLogsData();
        }
        catch (JsonException e)
        {
            throw parser.InvalidJson(e);
        }
    }

    /// <summary>Decodes an OTLP/JSON <c>ExportMetricsServiceRequest</c>.</summary>
    public static MetricsData DecodeMetrics(ReadOnlySpan<byte> utf8Json)
    {
        var parser = new Parser(utf8Json);
        try
        {
            return parser.ReadMetricsData();
        }
        catch (JsonException e)
        {
            throw parser.InvalidJson(e);
        }
    }

    /// <summary>
    /// The reader plus the input it reads (kept to work out the JSON path of an error). Every Read* method
    /// starts with the reader on the value to read and leaves it on the last token of that value.
    /// </summary>
    private ref partial struct Parser
    {
        private readonly ReadOnlySpan<byte> _json;
        private readonly int _bomLength;
        private Utf8JsonReader _reader;

        public Parser(ReadOnlySpan<byte> json)
        {
            // A UTF-8 byte order mark (some tools write one) is skipped; error offsets still count it.
            if (json.StartsWith("\uFEFF"u8))
            {
                _bomLength = 3;
                json = json[3..];
            }
            _json = json;
            _reader = new Utf8JsonReader(json, ReaderOptions);
        }

        // ---- structure ----

        private void Read()
        {
            if (!_reader.Read())
            {
                throw Error("unexpected end of JSON");
            }
        }

        /// <summary>Reads the root token, which must open an object (an empty body is a reader error).</summary>
        private void ReadRoot(string what)
        {
            Read();
            ExpectObject(what);
        }

        /// <summary>After the root object: only whitespace may follow (the reader throws on anything else).</summary>
        private void ReadEnd()
        {
            if (_reader.Read())
            {
                throw Error("unexpected data after the JSON object");
            }
        }

        private readonly void ExpectObject(string what)
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error($"expected an object for {what}, got {Describe(_reader.TokenType)}");
            }
        }

        private readonly void ExpectArray(string what)
        {
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error($"expected an array for {what}, got {Describe(_reader.TokenType)}");
            }
        }

        /// <summary>
        /// Moves to the next property of the current object and then onto its value; false at the end of the
        /// object. The key is written to <paramref name="key"/> lower-cased without underscores (so
        /// <c>traceId</c>, <c>trace_id</c> and <c>TRACE_ID</c> all read <c>traceid</c>); <paramref name="length"/>
        /// is 0 for keys too long to be ours (no field matches an empty key). Properties whose value is null are
        /// skipped: null means default.
        /// </summary>
        private bool NextProperty(scoped Span<byte> key, out int length)
        {
            while (true)
            {
                Read();
                if (_reader.TokenType == JsonTokenType.EndObject)
                {
                    length = 0;
                    return false;
                }
                length = NormalizeKey(key);
                Read();
                if (_reader.TokenType != JsonTokenType.Null)
                {
                    return true;
                }
            }
        }

        private readonly int NormalizeKey(scoped Span<byte> key)
        {
            ReadOnlySpan<byte> raw = _reader.ValueSpan;
            if (_reader.ValueIsEscaped)
            {
                if (raw.Length > 6 * KeyBufferSize)
                {
                    return 0;
                }
                Span<byte> unescaped = stackalloc byte[raw.Length];
                int written;
                try
                {
                    written = _reader.CopyString(unescaped);
                }
                catch (InvalidOperationException e)
                {
                    // Invalid escapes in a key (a lone surrogate), as UnescapedString reports them in values.
                    throw Error($"invalid property name: {e.Message}");
                }
                return Normalize(unescaped[..written], key);
            }
            return Normalize(raw, key);
        }

        private static int Normalize(ReadOnlySpan<byte> raw, scoped Span<byte> key)
        {
            int n = 0;
            foreach (byte b in raw)
            {
                if (b == (byte)'_')
                {
                    continue;
                }
                if (n == key.Length)
                {
                    return 0;
                }
                key[n++] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
            }
            return n;
        }

        /// <summary>Moves to the next element of the current array; false at its end. Null elements are errors.</summary>
        private bool NextElement(string what)
        {
            Read();
            if (_reader.TokenType == JsonTokenType.EndArray)
            {
                return false;
            }
            if (_reader.TokenType == JsonTokenType.Null)
            {
                throw Error($"null is not allowed as an element of {what}");
            }
            return true;
        }

        /// <summary>Skips an unknown field's value, however deeply nested (the reader does it without recursion).</summary>
        private void Skip() => _reader.Skip();

        // ---- scalars ----

        /// <summary>A string through a cache (names, short values) or decoded fresh (cache null: long text).</summary>
        private readonly string ReadString(Utf8StringCache? cache, string field)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Error($"expected a string for {field}, got {Describe(_reader.TokenType)}");
            }
            if (!_reader.ValueIsEscaped)
            {
                var span = _reader.ValueSpan;
                return cache is not null ? cache.Get(span) : span.IsEmpty ? string.Empty : Encoding.UTF8.GetString(span);
            }
            return UnescapedString(field);
        }

        private readonly string UnescapedString(string field)
        {
            try
            {
                return _reader.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException e)
            {
                // Invalid escapes (a lone surrogate) or invalid UTF-8.
                throw Error($"invalid string for {field}: {e.Message}");
            }
        }

        private readonly bool ReadBool(string field) => _reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Error($"expected true or false for {field}, got {Describe(_reader.TokenType)}"),
        };

        /// <summary>uint64/fixed64: a JSON number or a decimal string.</summary>
        private readonly ulong ReadUInt64(string field)
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (_reader.TryGetUInt64(out ulong value))
                    {
                        return value;
                    }
                    // 1e3 or 5.0 are integers too, as long as they are whole and in range.
                    if (_reader.TryGetDouble(out double d) && d >= 0 && d < 18446744073709551616.0 && Math.Floor(d) == d)
                    {
                        return (ulong)d;
                    }
                    throw Error($"{field} must be an unsigned 64-bit integer, got {Preview()}");
                case JsonTokenType.String:
                {
                    if (!_reader.ValueIsEscaped && Utf8Parser.TryParse(_reader.ValueSpan, out ulong parsed, out int used) && used == _reader.ValueSpan.Length)
                    {
                        return parsed;
                    }
                    if (_reader.ValueIsEscaped && ulong.TryParse(UnescapedString(field), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out parsed))
                    {
                        return parsed;
                    }
                    throw Error($"{field} must be an unsigned 64-bit integer, got {Preview()}");
                }
                default:
                    throw Error($"expected a number or a decimal string for {field}, got {Describe(_reader.TokenType)}");
            }
        }

        /// <summary>int64/sfixed64: a JSON number or a decimal string.</summary>
        private readonly long ReadInt64(string field)
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (_reader.TryGetInt64(out long value))
                    {
                        return value;
                    }
                    if (_reader.TryGetDouble(out double d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0 && Math.Floor(d) == d)
                    {
                        return (long)d;
                    }
                    throw Error($"{field} must be a signed 64-bit integer, got {Preview()}");
                case JsonTokenType.String:
                {
                    if (!_reader.ValueIsEscaped && Utf8Parser.TryParse(_reader.ValueSpan, out long parsed, out int used) && used == _reader.ValueSpan.Length)
                    {
                        return parsed;
                    }
                    if (_reader.ValueIsEscaped && long.TryParse(UnescapedString(field), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out parsed))
                    {
                        return parsed;
                    }
                    throw Error($"{field} must be a signed 64-bit integer, got {Preview()}");
                }
                default:
                    throw Error($"expected a number or a decimal string for {field}, got {Describe(_reader.TokenType)}");
            }
        }

        /// <summary>int32/sint32 (and enums given as numbers): a JSON number, or leniently a decimal string.</summary>
        private readonly int ReadInt32(string field)
        {
            long value = ReadInt64(field);
            if (value is < int.MinValue or > int.MaxValue)
            {
                throw Error($"{field} must be a 32-bit integer, got {Preview()}");
            }
            return (int)value;
        }

        /// <summary>uint32/fixed32: a JSON number, or leniently a decimal string.</summary>
        private readonly uint ReadUInt32(string field)
        {
            long value = ReadInt64(field);
            if (value is < 0 or > uint.MaxValue)
            {
                throw Error($"{field} must be an unsigned 32-bit integer, got {Preview()}");
            }
            return (uint)value;
        }

        /// <summary>A double: a JSON number, "NaN", "Infinity", "-Infinity" or (leniently) a numeric string.</summary>
        private readonly double ReadDouble(string field)
        {
            switch (_reader.TokenType)
            {
                case JsonTokenType.Number:
                    // A literal too large for a double (1e999) is an error, not infinity.
                    if (_reader.TryGetDouble(out double value) && double.IsFinite(value))
                    {
                        return value;
                    }
                    throw Error($"{field} is out of range for a double: {Preview()}");
                case JsonTokenType.String:
                {
                    var span = _reader.ValueSpan;
                    if (!_reader.ValueIsEscaped)
                    {
                        if (span.SequenceEqual("NaN"u8))
                        {
                            return double.NaN;
                        }
                        if (span.SequenceEqual("Infinity"u8))
                        {
                            return double.PositiveInfinity;
                        }
                        if (span.SequenceEqual("-Infinity"u8))
                        {
                            return double.NegativeInfinity;
                        }
                        if (Utf8Parser.TryParse(span, out double parsed, out int used) && used == span.Length && double.IsFinite(parsed))
                        {
                            return parsed;
                        }
                    }
                    throw Error($"{field} must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", got {Preview()}");
                }
                default:
                    throw Error($"expected a number for {field}, got {Describe(_reader.TokenType)}");
            }
        }

        /// <summary>An enum: its number (the OTLP rule), or leniently its proto name or a numeric string.</summary>
        private readonly int ReadEnum(string field, string[] names)
        {
            if (_reader.TokenType == JsonTokenType.String && !_reader.ValueIsEscaped)
            {
                var span = _reader.ValueSpan;
                for (int i = 0; i < names.Length; i++)
                {
                    if (Ascii.Equals(span, names[i]))
                    {
                        return i;
                    }
                }
                if (span.IsEmpty || !(span[0] is (byte)'-' or (>= (byte)'0' and <= (byte)'9')))
                {
                    throw Error($"unknown {field} {Preview()}");
                }
            }
            return ReadInt32(field);
        }

        private readonly TraceId ReadTraceId(string field)
        {
            Span<byte> bytes = stackalloc byte[TraceId.Size];
            return ReadHexId(field, bytes) ? TraceId.FromBytes(bytes) : TraceId.Empty;
        }

        private readonly SpanId ReadSpanId(string field)
        {
            Span<byte> bytes = stackalloc byte[SpanId.Size];
            return ReadHexId(field, bytes) ? SpanId.FromBytes(bytes) : SpanId.Empty;
        }

        /// <summary>OTLP/JSON ids are hex (either case), not base64; the empty string means absent (false).</summary>
        private readonly bool ReadHexId(string field, scoped Span<byte> bytes)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Error($"expected a hex string for {field}, got {Describe(_reader.TokenType)}");
            }
            bool ok;
            if (!_reader.ValueIsEscaped)
            {
                var hex = _reader.ValueSpan;
                if (hex.IsEmpty)
                {
                    return false;
                }
                ok = Hex.TryParse(hex, bytes);
            }
            else
            {
                string hex = UnescapedString(field);
                if (hex.Length == 0)
                {
                    return false;
                }
                ok = Hex.TryParse(hex.AsSpan(), bytes);
            }
            if (!ok)
            {
                throw Error($"invalid {field} {Preview()}: expected {bytes.Length * 2} hex digits");
            }
            return true;
        }

        /// <summary>bytes: standard base64 (proto3 JSON), or leniently the URL-safe alphabet.</summary>
        private readonly byte[] ReadBase64(string field)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Error($"expected a base64 string for {field}, got {Describe(_reader.TokenType)}");
            }
            if (_reader.TryGetBytesFromBase64(out byte[]? bytes))
            {
                return bytes;
            }
            if (!_reader.ValueIsEscaped)
            {
                var text = _reader.ValueSpan;
                // Base64Url takes the URL-safe alphabet, with or without padding.
                var decoded = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
                if (Base64Url.DecodeFromUtf8(text, decoded, out _, out int written) == OperationStatus.Done)
                {
                    return written == decoded.Length ? decoded : decoded[..written];
                }
            }
            throw Error($"invalid base64 in {field}");
        }

        // ---- errors ----

        /// <summary>Builds the exception for the current token: message, JSON path and byte offset.</summary>
        private readonly OtlpJsonException Error(string message)
        {
            long offset = _reader.TokenStartIndex;
            string path = JsonPathAt(_json, offset);
            offset += _bomLength;
            return new OtlpJsonException($"{message} at {path} (byte {offset})", path, offset);
        }

        /// <summary>Wraps the reader's own syntax error with the path to where it happened.</summary>
        public readonly OtlpJsonException InvalidJson(JsonException e)
        {
            long offset = e.LineNumber is long line && e.BytePositionInLine is long column
                ? LineStart(_json, line) + column
                : _reader.BytesConsumed;
            string path = JsonPathAt(_json, offset);
            string reason = e.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }
            offset += _bomLength;
            return new OtlpJsonException($"invalid JSON: {reason} at {path} (byte {offset})", path, offset, e);
        }

        /// <summary>The current token's text, shortened, for error messages.</summary>
        private readonly string Preview()
        {
            int start = (int)_reader.TokenStartIndex;
            int length = _reader.ValueSpan.Length + (_reader.TokenType == JsonTokenType.String ? 2 : 0);
            length = Math.Min(length, _json.Length - start);
            if (length <= 40)
            {
                return Encoding.UTF8.GetString(_json.Slice(start, length));
            }
            return Encoding.UTF8.GetString(_json.Slice(start, 36)) + "...";
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static long LineStart(ReadOnlySpan<byte> json, long line)
    {
        long position = 0;
        for (long i = 0; i < line; i++)
        {
            int next = json[(int)position..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }
            position += next + 1;
        }
        return position;
    }

    /// <summary>
    /// The JSON path (<c>resourceSpans[0].scopeSpans[0].spans[1].traceId</c>) of the token at
    /// <paramref name="offset"/>, found by reading the document again up to there. Only errors pay for it.
    /// </summary>
    internal static string JsonPathAt(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<(bool IsArray, string? Name, int Index)>();
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                var type = reader.TokenType;
                bool reached = reader.TokenStartIndex >= offset;
                if (type == JsonTokenType.PropertyName)
                {
                    frames[^1] = (false, reader.GetString(), -1);
                    if (reached)
                    {
                        break;
                    }
                    continue;
                }
                if (type is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (reached)
                    {
                        break;
                    }
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = (true, null, frames[^1].Index + 1);
                }
                if (reached)
                {
                    break;
                }
                if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((type == JsonTokenType.StartArray, null, -1));
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The path up to the syntax error is what we want.
        }
        var path = new StringBuilder();
        foreach (var (isArray, name, index) in frames)
        {
            if (isArray && index >= 0)
            {
                path.Append('[').Append(index).Append(']');
            }
            else if (!isArray && name is not null)
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }
                path.Append(name);
            }
        }
        if (path.Length == 0)
        {
            return "$";
        }
        // A path through hundreds of nested arrays says nothing more than its two ends.
        return path.Length <= 256 ? path.ToString() : path.ToString(0, 120) + "..." + path.ToString(path.Length - 120, 120);
    }

    /// <summary>Collects array elements in a pooled buffer; the result is allocated once at its exact size.</summary>
    private struct ArrayBuilder<T>
    {
        private T[]? _items;
        private int _count;

        public void Add(T item)
        {
            if (_items is null)
            {
                _items = ArrayPool<T>.Shared.Rent(4);
            }
            else if (_count == _items.Length)
            {
                var next = ArrayPool<T>.Shared.Rent(_items.Length * 2);
                _items.AsSpan(0, _count).CopyTo(next);
                ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
                _items = next;
            }
            _items[_count++] = item;
        }

        public T[] ToArray()
        {
            if (_items is null)
            {
                return [];
            }
            var result = _items.AsSpan(0, _count).ToArray();
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _items = null;
            _count = 0;
            return result;
        }
    }
}
