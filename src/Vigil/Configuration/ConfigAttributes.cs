namespace Vigil.Configuration;

/// <summary>What a config key means; docs/configuration.md lists every key, and a test keeps them in step.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DocAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>An inclusive numeric range a key must fall in.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RangeAttribute(long min, long max) : Attribute
{
    public long Min { get; } = min;

    public long Max { get; } = max;
}

/// <summary>A long holding a byte size, written like <c>64MiB</c> or <c>512MB</c> in YAML.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ByteSizeAttribute : Attribute;
