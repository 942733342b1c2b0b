using System.Text;
using System.Text.Json;
using Vigil.Metrics.PromQL.Parser;
using Xunit;

namespace Vigil.Metrics.Tests.PromQL.Parser;

/// <summary>The parse_query tree, key for key as upstream's translate_ast.go marshals it (sorted keys, Go escaping).</summary>
public sealed class AstJsonTests
{
    private static string Json(string query)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            AstJson.Write(w, PromQlParser.Parse(query));
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public void AggregationOverCallOverMatrixSelector()
    {
        Assert.Equal(
            """{"expr":{"args":[{"anchored":false,"matchers":[{"name":"a","type":"=","value":"b"},{"name":"__name__","type":"=","value":"foo"}],"name":"foo","offset":60000,"range":300000,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"matrixSelector"}],"func":{"argTypes":["matrix"],"name":"rate","returnType":"vector","variadic":0},"type":"call"},"grouping":["job"],"op":"sum","param":null,"type":"aggregation","without":false}""",
            Json("""sum by (job) (rate(foo{a="b"}[5m] offset 1m))"""));
    }

    [Fact]
    public void BinaryExpressionWithMatchingAndHtmlEscapedOperator()
    {
        Assert.Equal(
            """{"bool":false,"lhs":{"anchored":false,"matchers":[{"name":"__name__","type":"=","value":"a"}],"name":"a","offset":0,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"matching":{"card":"many-to-one","fillValues":{"lhs":0,"rhs":0},"include":["y"],"labels":["x"],"on":true},"op":"\u003c","rhs":{"anchored":false,"matchers":[{"name":"__name__","type":"=","value":"b"}],"name":"b","offset":0,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"type":"binaryExpr"}""",
            Json("a < on(x) group_left(y) fill(0) b"));
    }

    [Fact]
    public void ScalarsStringsParensUnaryAndSubqueries()
    {
        Assert.Equal("""{"type":"numberLiteral","val":"1.5"}""", Json("1.5"));
        Assert.Equal("""{"type":"stringLiteral","val":"a\u0026b"}""", Json("\"a&b\""));
        Assert.Equal(
            """{"bool":false,"lhs":{"type":"numberLiteral","val":"1"},"matching":null,"op":"+","rhs":{"expr":{"type":"numberLiteral","val":"2"},"type":"parenExpr"},"type":"binaryExpr"}""",
            Json("1 + (2)"));
        Assert.Equal(
            """{"alignEvalTime":false,"expr":{"expr":{"expr":{"anchored":false,"matchers":[{"name":"__name__","type":"=","value":"up"}],"name":"up","offset":0,"smoothed":false,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"op":"-","type":"unaryExpr"},"type":"parenExpr"},"offset":0,"range":600000,"startOrEnd":"end","step":60000,"timestamp":null,"type":"subquery"}""",
            Json("(-up)[10m:1m] @ end()"));
    }
}
