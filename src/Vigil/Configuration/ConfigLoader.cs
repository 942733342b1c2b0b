using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Configuration;

/// <summary>
/// Builds the configuration: defaults, then the YAML file, then environment variables, then flags (the
/// later wins). Overrides are written into the YAML tree before binding, so a bad flag or variable gets
/// the same checks and messages as a bad line in the file, naming the flag or variable instead.
/// </summary>
internal static class ConfigLoader
{
    public static readonly string[] KnownRoles = ["all", "collector", "metrics", "logs", "traces", "ui", "rules"];

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem found.</summary>
    public static VigilConfig Load(string? file, IReadOnlyList<ConfigOverride> overrides)
    {
        var errors = new List<ConfigError>();
        var sources = new ConditionalWeakTable<YamlNode, string>();
        string fileLabel = file ?? "(defaults)";
        var root = file is null ? new YamlMappingNode() : Parse(file, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        foreach (var o in overrides)
        {
            Apply(root, o, sources);
        }

        string Locate(YamlNode node) =>
            sources.TryGetValue(node, out var source) ? source : $"{fileLabel}:{node.Start.Line}:{node.Start.Column}";

        var config = new VigilConfig();
        new ConfigBinder(Locate, errors).Bind(config, root, string.Empty);
        Validate(config, root, Locate, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
        return config;
    }

    private static YamlMappingNode Parse(string file, List<ConfigError> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(file, string.Empty, $"cannot read the config file: {e.Message}"));
            return new YamlMappingNode();
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            errors.Add(new ConfigError($"{file}:{e.Start.Line}:{e.Start.Column}", string.Empty, "invalid YAML: " + message));
            return new YamlMappingNode();
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMappingNode();
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            errors.Add(new ConfigError($"{file}:{node.Start.Line}:{node.Start.Column}", string.Empty, "the file must be a mapping of keys to values"));
            return new YamlMappingNode();
        }
        return root;
    }

    private static void Apply(YamlMappingNode root, ConfigOverride o, ConditionalWeakTable<YamlNode, string> sources)
    {
        var parts = o.Path.Split('.');
        var mapping = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            if (!mapping.Children.TryGetValue(key, out var child) || child is not YamlMappingNode childMapping)
            {
                childMapping = new YamlMappingNode();
                mapping.Children[key] = childMapping;
                sources.AddOrUpdate(key, o.Source);
                sources.AddOrUpdate(childMapping, o.Source);
            }
            mapping = childMapping;
        }
        var leafKey = new YamlScalarNode(parts[^1]);
        YamlNode value = o.Values.Count == 1
            ? new YamlScalarNode(o.Values[0])
            : new YamlSequenceNode(o.Values.Select(v => (YamlNode)new YamlScalarNode(v)));
        if (value is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children) sources.AddOrUpdate(item, o.Source);
        }
        // Replace the key node too, so an unknown key is reported at the flag, not at the file.
        mapping.Children.Remove(leafKey);
        mapping.Children.Add(leafKey, value);
        sources.AddOrUpdate(leafKey, o.Source);
        sources.AddOrUpdate(value, o.Source);
    }

    /// <summary>Checks that span keys: role names, and that no two enabled listeners share a port.</summary>
    private static void Validate(VigilConfig config, YamlMappingNode root, Func<YamlNode, string> locate, List<ConfigError> errors)
    {
        string Where(params string[] path)
        {
            YamlNode node = root;
            foreach (var part in path)
            {
                if (node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(part), out var child)) node = child;
                else return locate(node);
            }
            return locate(node);
        }

        foreach (var role in config.Roles)
        {
            if (!KnownRoles.Contains(role))
            {
                errors.Add(new ConfigError(Where("roles"), "roles", $"unknown role \"{role}\"; roles are {string.Join(", ", KnownRoles)}"));
            }
        }
        if (config.Roles.Count == 0)
        {
            errors.Add(new ConfigError(Where("roles"), "roles", "at least one role is needed (all runs everything)"));
        }
        if (string.IsNullOrWhiteSpace(config.DataDir))
        {
            errors.Add(new ConfigError(Where("data_dir"), "data_dir", "must not be empty"));
        }
        if (!System.Net.IPAddress.TryParse(config.ListenAddress, out _) && config.ListenAddress != "localhost")
        {
            errors.Add(new ConfigError(Where("listen_address"), "listen_address", $"expected an IP address such as 0.0.0.0 or 127.0.0.1, got \"{config.ListenAddress}\""));
        }

        var roles = new RoleSet(config.Roles);
        var ports = new List<(string Key, string[] Path, int Port)>();
        if (roles.Collector)
        {
            if (config.Collector.Otlp.Grpc.Enabled) ports.Add(("collector.otlp.grpc.port", ["collector", "otlp", "grpc", "port"], config.Collector.Otlp.Grpc.Port));
            if (config.Collector.Otlp.Http.Enabled) ports.Add(("collector.otlp.http.port", ["collector", "otlp", "http", "port"], config.Collector.Otlp.Http.Port));
            if (config.Collector.Telemetry.Enabled) ports.Add(("collector.telemetry.port", ["collector", "telemetry", "port"], config.Collector.Telemetry.Port));
        }
        if (roles.Metrics) ports.Add(("metrics.port", ["metrics", "port"], config.Metrics.Port));
        if (roles.Logs) ports.Add(("logs.port", ["logs", "port"], config.Logs.Port));
        if (roles.Traces) ports.Add(("traces.port", ["traces", "port"], config.Traces.Port));
        if (roles.Ui) ports.Add(("ui.port", ["ui", "port"], config.Ui.Port));
        if (config.Demo.Enabled) ports.Add(("demo.port", ["demo", "port"], config.Demo.Port));
        for (int i = 0; i < ports.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (ports[i].Port != 0 && ports[i].Port == ports[j].Port)
                {
                    errors.Add(new ConfigError(Where(ports[i].Path), ports[i].Key, $"port {ports[i].Port} is already used by {ports[j].Key}"));
                }
            }
        }
    }
}
