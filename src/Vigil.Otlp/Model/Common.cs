namespace Vigil.Otlp.Model;

/// <summary>The entity that produced the telemetry (OTLP <c>Resource</c>).</summary>
public sealed class Resource
{
    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }

    /// <summary>The value of the <c>service.name</c> attribute, or empty.</summary>
    public string ServiceName
    {
        get
        {
            foreach (var kv in Attributes)
            {
                if (kv.Key == "service.name" && kv.Value.Kind == AnyValueKind.String)
                {
                    return kv.Value.StringValue;
                }
            }
            return string.Empty;
        }
    }
}

/// <summary>The library that produced the telemetry (OTLP <c>InstrumentationScope</c>).</summary>
public sealed class InstrumentationScope
{
    public string Name { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public KeyValue[] Attributes { get; set; } = [];

    public uint DroppedAttributesCount { get; set; }
}
