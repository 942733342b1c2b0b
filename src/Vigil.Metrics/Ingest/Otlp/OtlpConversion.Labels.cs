using Vigil.Metrics.Model;
using Vigil.Otlp.Model;

namespace Vigil.Metrics.Ingest.Otlp;

/// <summary>Label building: resource and scope context, attributes → labels (helper.go <c>createAttributes</c>).</summary>
internal sealed partial class OtlpConversion
{
    private const string ServiceName = "service.name";
    private const string ServiceNamespace = "service.namespace";
    private const string ServiceInstanceId = "service.instance.id";

    private readonly LabelsBuilder _builder = new();
    private readonly List<(string Key, string Value, int Index)> _sorted = [];

    // Resource context (cachedResourceLabels): constant for every point of one ResourceMetrics.
    private string _job = "";
    private string _instance = "";
    private readonly List<Label> _promoted = [];

    // Scope context (cachedScopeLabels): null unless promote_scope_metadata and the scope has a name.
    private List<Label>? _scopeAttributes;
    private string _scopeName = "", _scopeVersion = "", _scopeSchemaUrl = "";

    /// <summary>Data point attributes never become labels under this raw key: the name comes from the metric.</summary>
    private static bool IsReservedPointKey(string key) => key == Labels.MetricName;

    private static bool IsIdentifyingKey(string key) => key is ServiceName or ServiceNamespace or ServiceInstanceId;

    /// <summary>metrics_to_prw.go <c>setResourceContext</c>: job, instance and promoted labels of a resource.</summary>
    private bool SetResourceContext(Resource resource, out string? error)
    {
        error = null;
        _job = "";
        _instance = "";
        _promoted.Clear();
        var attributes = resource.Attributes;
        if (TryGet(attributes, ServiceName, out var name))
        {
            _job = AttributeText.AsString(name);
            if (TryGet(attributes, ServiceNamespace, out var ns)) _job = AttributeText.AsString(ns) + "/" + _job;
        }
        if (TryGet(attributes, ServiceInstanceId, out var instance)) _instance = AttributeText.AsString(instance);

        bool promoteAll = _options.PromoteAllResourceAttributes;
        var listed = _translator.PromotedAttributes;
        if (!promoteAll && listed.Count == 0) return true;
        _builder.Reset();
        foreach (var kv in attributes)
        {
            // With promote-all the list holds the ignored attributes, otherwise the promoted ones.
            if (listed.Contains(kv.Key) == promoteAll) continue;
            string? labelName = _labelNamer.Build(kv.Key, out error);
            if (labelName is null) return false;
            _builder.Set(labelName, AttributeText.AsString(kv.Value));
        }
        _promoted.AddRange(_builder.Current);
        return true;
    }

    /// <summary>metrics_to_prw.go <c>setScopeContext</c>.</summary>
    private bool SetScopeContext(ScopeMetrics scopeMetrics, out string? error)
    {
        error = null;
        _scopeAttributes = null;
        var scope = scopeMetrics.Scope;
        if (!_options.PromoteScopeMetadata || scope.Name.Length == 0) return true;
        _builder.Reset();
        foreach (var kv in scope.Attributes)
        {
            string? labelName = _labelNamer.Build("otel_scope_" + kv.Key, out error);
            if (labelName is null) return false;
            _builder.Set(labelName, AttributeText.AsString(kv.Value));
        }
        _scopeAttributes = [.. _builder.Current];
        _scopeName = scope.Name;
        _scopeVersion = scope.Version;
        _scopeSchemaUrl = scopeMetrics.SchemaUrl;
        return true;
    }

    /// <summary>
    /// The labels of a point, without the metric name: attributes sorted by key, escaped, colliding names'
    /// values joined with ";" in key order; promoted resource attributes where no attribute has the name;
    /// job and instance over everything; scope labels. Null with <paramref name="error"/> when a name
    /// cannot be built. For target_info (<paramref name="resourceLevel"/>) promotion and scope are skipped
    /// and identifying attributes are left out unless kept.
    /// </summary>
    private Labels? CreateAttributes(KeyValue[] attributes, bool resourceLevel, out string? error)
    {
        error = null;
        _sorted.Clear();
        bool dropIdentifying = resourceLevel && !_options.KeepIdentifyingResourceAttributes;
        for (int i = 0; i < attributes.Length; i++)
        {
            var kv = attributes[i];
            if (resourceLevel ? dropIdentifying && IsIdentifyingKey(kv.Key) : IsReservedPointKey(kv.Key)) continue;
            _sorted.Add((kv.Key, AttributeText.AsString(kv.Value), i));
        }
        _sorted.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });

        _builder.Reset();
        foreach (var (key, value, _) in _sorted)
        {
            if (_utf8)
            {
                // UTF-8 names cannot collide.
                _builder.Set(key, value);
                continue;
            }
            string? labelName = _labelNamer.Build(key, out error);
            if (labelName is null) return null;
            string existing = _builder.Get(labelName);
            _builder.Set(labelName, existing.Length > 0 ? existing + ";" + value : value);
        }

        if (!resourceLevel)
        {
            foreach (var label in _promoted)
                if (_builder.Get(label.Name).Length == 0) _builder.Set(label.Name, label.Value);
        }
        if (_job.Length > 0) _builder.Set("job", _job);
        if (_instance.Length > 0) _builder.Set("instance", _instance);
        if (!resourceLevel && _scopeAttributes is not null)
        {
            foreach (var label in _scopeAttributes) _builder.Set(label.Name, label.Value);
            _builder.Set("otel_scope_name", _scopeName);
            _builder.Set("otel_scope_version", _scopeVersion);
            _builder.Set("otel_scope_schema_url", _scopeSchemaUrl);
        }
        return _builder.Build();
    }

    /// <summary>pcommon.Map.Get: the first attribute with the key.</summary>
    private static bool TryGet(KeyValue[] attributes, string key, out AnyValue value)
    {
        foreach (var kv in attributes)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
