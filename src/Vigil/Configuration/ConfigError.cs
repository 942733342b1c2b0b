namespace Vigil.Configuration;

/// <summary>One problem in the configuration: where (file:line:column, or the flag or variable), which key, what.</summary>
internal sealed record ConfigError(string Location, string Key, string Message)
{
    public override string ToString() => Key.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Key}: {Message}";
}

/// <summary>The configuration cannot be used; start-up stops with exit code 2 and these errors.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}

/// <summary>A value set from outside the file: a command-line flag or an environment variable.</summary>
/// <param name="Path">The dotted key path, for example <c>collector.otlp.grpc.port</c>.</param>
/// <param name="Source">How the user wrote it, for error messages (<c>flag --otlp-grpc-port</c>).</param>
internal sealed record ConfigOverride(string Path, IReadOnlyList<string> Values, string Source);
