using Vigil.Metrics.GoText;
using Vigil.Metrics.Model;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.PromQL.Engine;

/// <summary>
/// count_values at one step (upstream aggregationCountValues): each sample's value, formatted as Go's
/// strconv.FormatFloat(f, 'f', -1, 64), becomes a label, and samples are counted per resulting group.
/// </summary>
internal sealed class CountValuesState(List<string> grouping, bool without, string valueLabel)
{
    private readonly LabelsBuilder _builder = new();
    private readonly LabelsBuilder _groupBuilder = new();
    private readonly Dictionary<Labels, int> _counts = [];
    private readonly List<Labels> _order = [];
    private readonly Vector _out = [];

    public Vector Step(Vector input, long ts)
    {
        _counts.Clear();
        _order.Clear();
        _out.Clear();
        foreach (var s in input)
        {
            // The store holds floats only; a native histogram's value would be its String() form.
            _builder.Reset(s.Metric);
            _builder.Set(valueLabel, GoFloatFormat.FormatF(s.F));
            var metric = _builder.Build();
            var key = Group(metric);
            if (_counts.TryGetValue(key, out int n)) _counts[key] = n + 1;
            else
            {
                _counts[key] = 1;
                _order.Add(key);
            }
        }
        foreach (var key in _order) _out.Add(new Sample(key, ts, _counts[key]));
        return _out;
    }

    private Labels Group(Labels metric)
    {
        if (!without && grouping.Count == 0) return Labels.Empty;
        _groupBuilder.Reset();
        foreach (var label in metric.AsSpan())
        {
            bool listed = grouping.BinarySearch(label.Name, StringComparer.Ordinal) >= 0;
            if (without ? !listed && label.Name != Labels.MetricName : listed) _groupBuilder.Set(label.Name, label.Value);
        }
        return _groupBuilder.Build();
    }
}
