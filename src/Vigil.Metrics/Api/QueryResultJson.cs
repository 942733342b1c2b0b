using System.Text.Json;
using Vigil.Metrics.GoText;
using Vigil.Metrics.PromQL.Ast;
using Vigil.Metrics.PromQL.Engine;
using Vigil.Metrics.PromQL.Values;

namespace Vigil.Metrics.Api;

/// <summary>
/// The <c>data</c> of query and query_range (api-compat 3.5), byte for byte as Prometheus 3's json_codec.go and
/// util/jsonutil write it: <c>{"resultType":…,"result":…,"stats":…}</c>; point timestamps as seconds with a
/// three-digit millisecond fraction when non-zero, values as Go-formatted strings; scalar and string results
/// as <c>[seconds, "value"]</c> with encoding/json's float timestamp.
/// </summary>
internal static class QueryResultJson
{
    public static string ResultTypeName(ExprType type) => type switch
    {
        ExprType.Vector => "vector",
        ExprType.Matrix => "matrix",
        ExprType.Scalar => "scalar",
        ExprType.String => "string",
        _ => "none",
    };

    /// <summary>
    /// Writes the data object; <paramref name="stats"/> adds upstream's stats block. <paramref name="flushPoint"/> is
    /// called between vector and matrix items so the caller can hand what is written to the socket.
    /// </summary>
    public static async ValueTask WriteAsync(Utf8JsonWriter json, QueryResult result, bool stats, Func<ValueTask> flushPoint)
    {
        json.WriteStartObject();
        json.WriteString("resultType", ResultTypeName(result.Type));
        json.WritePropertyName("result");
        switch (result.Type)
        {
            case ExprType.Vector:
                await WriteVectorAsync(json, result.Vector ?? [], flushPoint).ConfigureAwait(false);
                break;
            case ExprType.Matrix:
                await WriteMatrixAsync(json, result.Matrix ?? [], flushPoint).ConfigureAwait(false);
                break;
            case ExprType.Scalar:
            {
                var s = result.Scalar ?? default;
                WriteScalarLike(json, s.T, GoFloatFormat.FormatF(s.V));
                break;
            }
            case ExprType.String:
            {
                var s = result.String ?? default;
                WriteScalarLike(json, s.T, s.V ?? "");
                break;
            }
            default:
                json.WriteNullValue();
                break;
        }
        if (stats) WriteStats(json, result.Stats);
        json.WriteEndObject();
    }

    public static async ValueTask WriteVectorAsync(Utf8JsonWriter json, Vector vector, Func<ValueTask> flushPoint)
    {
        json.WriteStartArray();
        for (int i = 0; i < vector.Count; i++)
        {
            WriteSample(json, vector[i]);
            if ((i & 255) == 255) await flushPoint().ConfigureAwait(false);
        }
        json.WriteEndArray();
    }

    private static void WriteSample(Utf8JsonWriter json, in Sample sample)
    {
        json.WriteStartObject();
        json.WritePropertyName("metric");
        MatchersParam.WriteLabels(json, sample.Metric);
        if (sample.H is null)
        {
            json.WritePropertyName("value");
            WriteFloatPoint(json, sample.T, sample.F);
        }
        else
        {
            json.WritePropertyName("histogram");
            WriteHistogramPoint(json, sample.T, sample.H);
        }
        json.WriteEndObject();
    }

    public static async ValueTask WriteMatrixAsync(Utf8JsonWriter json, Matrix matrix, Func<ValueTask> flushPoint)
    {
        json.WriteStartArray();
        foreach (var series in matrix)
        {
            WriteSeries(json, series);
            await flushPoint().ConfigureAwait(false);
        }
        json.WriteEndArray();
    }

    private static void WriteSeries(Utf8JsonWriter json, RangeSeries series)
    {
        json.WriteStartObject();
        json.WritePropertyName("metric");
        MatchersParam.WriteLabels(json, series.Metric);
        if (series.Floats.Count > 0)
        {
            json.WritePropertyName("values");
            PointsJson.WriteFloatPoints(json, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(series.Floats));
        }
        if (series.Histograms is { Count: > 0 } histograms)
        {
            json.WritePropertyName("histograms");
            json.WriteStartArray();
            foreach (var p in histograms) WriteHistogramPoint(json, p.T, p.H);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary><c>[1435781451.781,"1"]</c>.</summary>
    public static void WriteFloatPoint(Utf8JsonWriter json, long t, double f)
    {
        Span<byte> buf = stackalloc byte[PointsJson.MaxPointBytes];
        json.WriteRawValue(buf[..PointsJson.WritePoint(buf, t, f)], skipInputValidation: true);
    }

    private static void WriteHistogramPoint(Utf8JsonWriter json, long t, FloatHistogram h)
    {
        Span<byte> buf = stackalloc byte[32];
        json.WriteStartArray();
        int n = PointsJson.FormatTimestamp(t, buf);
        json.WriteRawValue(buf[..n], skipInputValidation: true);
        HistogramJson.Write(json, h);
        json.WriteEndArray();
    }

    /// <summary>promql.Scalar/String MarshalJSON: <c>[float64(T)/1000, "v"]</c> through encoding/json.</summary>
    private static void WriteScalarLike(Utf8JsonWriter json, long t, string value)
    {
        json.WriteStartArray();
        json.WriteRawValue(ApiNumbers.FormatJsonFloat(t / 1000.0), skipInputValidation: true);
        json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>util/stats QueryStats: timings in seconds, then samples.</summary>
    private static void WriteStats(Utf8JsonWriter json, QueryStats stats)
    {
        json.WriteStartObject("stats");
        json.WriteStartObject("timings");
        Seconds(json, "evalTotalTime", stats.PrepareTime + stats.InnerEvalTime);
        Seconds(json, "resultSortTime", TimeSpan.Zero);
        Seconds(json, "queryPreparationTime", stats.PrepareTime);
        Seconds(json, "innerEvalTime", stats.InnerEvalTime);
        Seconds(json, "execQueueTime", stats.QueueTime);
        Seconds(json, "execTotalTime", stats.ExecTotalTime);
        json.WriteEndObject();
        json.WriteStartObject("samples");
        json.WriteNumber("totalQueryableSamples", stats.TotalQueryableSamples);
        json.WriteNumber("peakSamples", stats.PeakSamples);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Seconds(Utf8JsonWriter json, string name, TimeSpan value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(ApiNumbers.FormatJsonFloat(value.TotalSeconds), skipInputValidation: true);
    }
}
