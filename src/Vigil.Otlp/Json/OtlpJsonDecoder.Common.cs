using Vigil.Otlp.Model;

namespace Vigil.Otlp.Json;

public static partial class OtlpJsonDecoder
{
    private ref partial struct Parser
    {
        private Resource ReadResource()
        {
            ExpectObject("resource");
            var resource = new Resource();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("attributes"u8))
                {
                    resource.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("droppedattributescount"u8))
                {
                    resource.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                }
                else
                {
                    // entityRefs (development) and anything newer: not kept.
                    Skip();
                }
            }
            return resource;
        }

        private InstrumentationScope ReadScope()
        {
            ExpectObject("scope");
            var scope = new InstrumentationScope();
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("name"u8))
                {
                    scope.Name = ReadString(Names, "name");
                }
                else if (name.SequenceEqual("version"u8))
                {
                    scope.Version = ReadString(Names, "version");
                }
                else if (name.SequenceEqual("attributes"u8))
                {
                    scope.Attributes = ReadKeyValues("attributes", 0);
                }
                else if (name.SequenceEqual("droppedattributescount"u8))
                {
                    scope.DroppedAttributesCount = ReadUInt32("droppedAttributesCount");
                }
                else
                {
                    Skip();
                }
            }
            return scope;
        }

        /// <summary>A repeated KeyValue field (attributes, metadata, a kvlist's values).</summary>
        private KeyValue[] ReadKeyValues(string field, int depth)
        {
            ExpectArray(field);
            var items = new ArrayBuilder<KeyValue>();
            while (NextElement(field))
            {
                items.Add(ReadKeyValue(depth));
            }
            return items.ToArray();
        }

        private KeyValue ReadKeyValue(int depth)
        {
            ExpectObject("a key/value pair");
            string k = string.Empty;
            AnyValue value = default;
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("key"u8))
                {
                    k = ReadString(Names, "key");
                }
                else if (name.SequenceEqual("value"u8))
                {
                    value = ReadAnyValue(depth, cacheStrings: true);
                }
                else
                {
                    // keyStrindex (profiles only) and unknown fields.
                    Skip();
                }
            }
            return new KeyValue(k, value);
        }

        /// <summary>
        /// An AnyValue: one key naming its kind, or none (empty). Top-level log bodies pass
        /// <paramref name="cacheStrings"/> false: they are mostly unique text.
        /// </summary>
        private AnyValue ReadAnyValue(int depth, bool cacheStrings)
        {
            if (depth > MaxAnyValueDepth)
            {
                throw Error($"AnyValue nested deeper than {MaxAnyValueDepth} levels");
            }
            ExpectObject("a value");
            AnyValue value = default;
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                var name = key[..n];
                if (name.SequenceEqual("stringvalue"u8))
                {
                    value = AnyValue.String(ReadString(cacheStrings ? Values : null, "stringValue"));
                }
                else if (name.SequenceEqual("boolvalue"u8))
                {
                    value = AnyValue.Bool(ReadBool("boolValue"));
                }
                else if (name.SequenceEqual("intvalue"u8))
                {
                    value = AnyValue.Int(ReadInt64("intValue"));
                }
                else if (name.SequenceEqual("doublevalue"u8))
                {
                    value = AnyValue.Double(ReadDouble("doubleValue"));
                }
                else if (name.SequenceEqual("arrayvalue"u8))
                {
                    value = AnyValue.Array(ReadArrayValue(depth));
                }
                else if (name.SequenceEqual("kvlistvalue"u8))
                {
                    value = AnyValue.KeyValueList(ReadKeyValueList(depth));
                }
                else if (name.SequenceEqual("bytesvalue"u8))
                {
                    value = AnyValue.Bytes(ReadBase64("bytesValue"));
                }
                else
                {
                    // stringValueStrindex is profiles-only: like the protobuf decoder, the value stays empty.
                    Skip();
                }
            }
            return value;
        }

        private AnyValue[] ReadArrayValue(int depth)
        {
            ExpectObject("arrayValue");
            AnyValue[] values = [];
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                if (key[..n].SequenceEqual("values"u8))
                {
                    ExpectArray("values");
                    var items = new ArrayBuilder<AnyValue>();
                    while (NextElement("values"))
                    {
                        items.Add(ReadAnyValue(depth + 1, cacheStrings: true));
                    }
                    values = items.ToArray();
                }
                else
                {
                    Skip();
                }
            }
            return values;
        }

        private KeyValue[] ReadKeyValueList(int depth)
        {
            ExpectObject("kvlistValue");
            KeyValue[] values = [];
            Span<byte> key = stackalloc byte[KeyBufferSize];
            while (NextProperty(key, out int n))
            {
                if (key[..n].SequenceEqual("values"u8))
                {
                    values = ReadKeyValues("values", depth + 1);
                }
                else
                {
                    Skip();
                }
            }
            return values;
        }

        /// <summary>Reads an object field that must be an array of numbers/strings (bucket counts).</summary>
        private ulong[] ReadUInt64Array(string field)
        {
            ExpectArray(field);
            var items = new ArrayBuilder<ulong>();
            while (NextElement(field))
            {
                items.Add(ReadUInt64(field));
            }
            return items.ToArray();
        }

        private double[] ReadDoubleArray(string field)
        {
            ExpectArray(field);
            var items = new ArrayBuilder<double>();
            while (NextElement(field))
            {
                items.Add(ReadDouble(field));
            }
            return items.ToArray();
        }
    }
}
