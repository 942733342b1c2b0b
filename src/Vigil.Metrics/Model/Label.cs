namespace Vigil.Metrics.Model;

/// <summary>One label pair. Names and values are interned by whoever builds a <see cref="Labels"/>.</summary>
public readonly record struct Label(string Name, string Value);
