using System.Text;
using Vigil.Metrics.Model;

namespace Vigil.Metrics.Ingest.RemoteWrite;

/// <summary>What <see cref="SeriesLabels.Prepare"/> found wrong with a series' labels.</summary>
internal enum LabelProblem : byte
{
    None,

    /// <summary>No (or an empty) <c>__name__</c>, an empty label name, or invalid UTF-8.</summary>
    Invalid,

    /// <summary>A label name occurs twice.</summary>
    DuplicateName,
}

/// <summary>
/// Turns the labels of a series as they came on the wire into the sorted set Prometheus builds
/// (<c>labels.ScratchBuilder</c> + <c>Sort</c>) and applies its checks in its order: metric name present
/// and every name and value valid UTF-8 (<c>labels.IsValid(model.UTF8Validation)</c>, Prometheus 3), then
/// no duplicate names. Labels with empty values are then dropped: an empty value means "no label".
/// Works in a caller-owned scratch array; allocates only to grow it.
/// </summary>
internal static class SeriesLabels
{
    public static LabelProblem Prepare(ReadOnlySpan<Label> wire, bool invalidUtf8, ref Label[] scratch, out int count, out string? duplicate)
    {
        duplicate = null;
        if (scratch.Length < wire.Length)
        {
            scratch = new Label[Math.Max(wire.Length, scratch.Length * 2)];
        }
        wire.CopyTo(scratch);
        count = wire.Length;
        SortByName(scratch.AsSpan(0, count));

        bool hasName = false, emptyName = false;
        for (int i = 0; i < count; i++)
        {
            var label = scratch[i];
            if (label.Name.Length == 0)
            {
                emptyName = true;
            }
            else if (label.Name == Labels.MetricName)
            {
                hasName = label.Value.Length > 0;
            }
        }
        if (!hasName || emptyName || invalidUtf8)
        {
            return LabelProblem.Invalid;
        }
        for (int i = 1; i < count; i++)
        {
            if (string.Equals(scratch[i - 1].Name, scratch[i].Name, StringComparison.Ordinal))
            {
                duplicate = scratch[i].Name;
                return LabelProblem.DuplicateName;
            }
        }
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (scratch[i].Value.Length > 0)
            {
                scratch[kept++] = scratch[i];
            }
        }
        count = kept;
        return LabelProblem.None;
    }

    /// <summary>Insertion sort, stable: senders send sorted labels, so this is one pass of compares.</summary>
    private static void SortByName(Span<Label> labels)
    {
        for (int i = 1; i < labels.Length; i++)
        {
            var current = labels[i];
            int j = i - 1;
            if (string.CompareOrdinal(labels[j].Name, current.Name) <= 0)
            {
                continue;
            }
            while (j >= 0 && string.CompareOrdinal(labels[j].Name, current.Name) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }
            labels[j + 1] = current;
        }
    }

    /// <summary><c>{__name__="up", job="x"}</c> for messages, as Prometheus' <c>Labels.String()</c>.</summary>
    public static string Format(ReadOnlySpan<Label> labels)
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(labels[i].Name).Append("=\"");
            Labels.AppendEscaped(sb, labels[i].Value);
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }
}
