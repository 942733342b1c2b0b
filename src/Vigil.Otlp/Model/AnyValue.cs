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
/// array, kvlist, empty). A small immutable struct: scalars live inline, strings/arrays by reference.
/// </summary>
public readonly struct AnyValue : IEquatable<AnyValue>
{
    private readonly object? _ref;
    private readonly long _bits;

    public AnyValueKind Kind { get; }

    private AnyValue(AnyValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public static AnyValue Empty => default;

    public static AnyValue String(string value) => new(AnyValueKind.String, 0, value);

    public static AnyValue Bool(bool value) => new(AnyValueKind.Bool, value ? 1 : 0, null);

    public static AnyValue Int(long value) => new(AnyValueKind.Int, value, null);

    public static AnyValue Double(double value) => new(AnyValueKind.Double, BitConverter.DoubleToInt64Bits(value), null);

    public static AnyValue Bytes(byte[] value) => new(AnyValueKind.Bytes, 0, value);

    public static AnyValue Array(AnyValue[] values) => new(AnyValueKind.Array, 0, values);

    public static AnyValue KeyValueList(KeyValue[] values) => new(AnyValueKind.KeyValueList, 0, values);

    public string StringValue => Kind == AnyValueKind.String ? (string)_ref! : string.Empty;

    public bool BoolValue => Kind == AnyValueKind.Bool && _bits != 0;

    public long IntValue => Kind == AnyValueKind.Int ? _bits : 0;

    public double DoubleValue => Kind == AnyValueKind.Double ? BitConverter.Int64BitsToDouble(_bits) : 0;

    public byte[] BytesValue => Kind == AnyValueKind.Bytes ? (byte[])_ref! : [];

    public AnyValue[] ArrayValue => Kind == AnyValueKind.Array ? (AnyValue[])_ref! : [];

    public KeyValue[] KeyValueListValue => Kind == AnyValueKind.KeyValueList ? (KeyValue[])_ref! : [];

    public bool Equals(AnyValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }
        return Kind switch
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

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, Kind == AnyValueKind.String ? _ref : null);

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
