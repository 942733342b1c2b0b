using System.Globalization;

namespace Vigil.Otlp.Model;

/// <summary>The kinds an OTLP <c>AnyValue</c> can hold; <see cref="Empty"/> is a value with no oneof set.</summary>
public enum AnyValueKind : byte
{
    Empty = 0,
    String = 1,
    Bool = 2,
    Int = 3,
    Double = 4,
    Array = 5,
    KeyValueList = 6,
    Bytes = 7,
}

/// <summary>
/// An attribute or log body value: every OTLP <c>AnyValue</c> kind (string, bool, int, double, bytes,
/// array, kvlist, empty). A 16-byte immutable struct (one reference, one 64-bit slot): reference kinds are
/// told apart by the reference's type, scalar kinds by a shared marker object, so a <see cref="KeyValue"/>
/// is 24 bytes and a span's attribute array stays close to the strings it holds.
/// </summary>
public readonly struct AnyValue : IEquatable<AnyValue>
{
    // For String, Bytes, Array and KeyValueList: the payload. For Bool, Int and Double: a kind marker.
    private readonly object? _ref;
    private readonly long _bits;

    private sealed class ScalarKind(AnyValueKind kind)
    {
        public readonly AnyValueKind Kind = kind;
    }

    private static readonly ScalarKind BoolKind = new(AnyValueKind.Bool);
    private static readonly ScalarKind IntKind = new(AnyValueKind.Int);
    private static readonly ScalarKind DoubleKind = new(AnyValueKind.Double);

    private AnyValue(object reference, long bits)
    {
        _ref = reference;
        _bits = bits;
    }

    public AnyValueKind Kind => _ref switch
    {
        null => AnyValueKind.Empty,
        string => AnyValueKind.String,
        ScalarKind scalar => scalar.Kind,
        byte[] => AnyValueKind.Bytes,
        AnyValue[] => AnyValueKind.Array,
        _ => AnyValueKind.KeyValueList,
    };

    public static AnyValue Empty => default;

    public static AnyValue String(string value) => new(value, 0);

    public static AnyValue Bool(bool value) => new(BoolKind, value ? 1 : 0);

    public static AnyValue Int(long value) => new(IntKind, value);

    public static AnyValue Double(double value) => new(DoubleKind, BitConverter.DoubleToInt64Bits(value));

    public static AnyValue Bytes(byte[] value) => new(value, 0);

    public static AnyValue Array(AnyValue[] values) => new(values, 0);

    public static AnyValue KeyValueList(KeyValue[] values) => new(values, 0);

    public string StringValue => _ref as string ?? string.Empty;

    public bool BoolValue => ReferenceEquals(_ref, BoolKind) && _bits != 0;

    public long IntValue => ReferenceEquals(_ref, IntKind) ? _bits : 0;

    public double DoubleValue => ReferenceEquals(_ref, DoubleKind) ? BitConverter.Int64BitsToDouble(_bits) : 0;

    public byte[] BytesValue => _ref as byte[] ?? [];

    public AnyValue[] ArrayValue => _ref as AnyValue[] ?? [];

    public KeyValue[] KeyValueListValue => _ref as KeyValue[] ?? [];

    public bool Equals(AnyValue other)
    {
        var kind = Kind;
        if (kind != other.Kind)
        {
            return false;
        }
        return kind switch
        {
            AnyValueKind.Empty => true,
            AnyValueKind.String => StringValue == other.StringValue,
            AnyValueKind.Bool or AnyValueKind.Int or AnyValueKind.Double => _bits == other._bits,
            AnyValueKind.Bytes => BytesValue.AsSpan().SequenceEqual(other.BytesValue),
            AnyValueKind.Array => ArrayValue.AsSpan().SequenceEqual(other.ArrayValue),
            AnyValueKind.KeyValueList => KeyValueListValue.AsSpan().SequenceEqual(other.KeyValueListValue),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is AnyValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _ref as string);

    public static bool operator ==(AnyValue left, AnyValue right) => left.Equals(right);

    public static bool operator !=(AnyValue left, AnyValue right) => !left.Equals(right);

    /// <summary>A readable rendering for logs and tests (not a wire format).</summary>
    public override string ToString() => Kind switch
    {
        AnyValueKind.Empty => "",
        AnyValueKind.String => StringValue,
        AnyValueKind.Bool => BoolValue ? "true" : "false",
        AnyValueKind.Int => IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValueKind.Double => DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValueKind.Bytes => Convert.ToBase64String(BytesValue),
        AnyValueKind.Array => "[" + string.Join(",", ArrayValue) + "]",
        AnyValueKind.KeyValueList => "{" + string.Join(",", KeyValueListValue) + "}",
        _ => "",
    };
}

/// <summary>One attribute: a key and its value.</summary>
public readonly record struct KeyValue(string Key, AnyValue Value)
{
    public override string ToString() => $"{Key}={Value}";
}
