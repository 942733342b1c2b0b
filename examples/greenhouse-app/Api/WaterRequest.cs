using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace GreenhouseApp.Api;

/// <summary>
/// A validated POST /api/water request. The zone and liters come from the query string
/// (<c>?zone=north&amp;liters=1.5</c>) when it names a zone, else from a JSON body
/// (<c>{"zone":"north","liters":1.5}</c>). Liters default to 1; the spelling "litres" is accepted too.
/// </summary>
internal sealed record WaterRequest(string Zone, double Liters)
{
    public const double DefaultLiters = 1;

    /// <summary>The most one request may pour, so a typo cannot flood a zone.</summary>
    public const double MaxLiters = 5;

    /// <summary>The JSON body; nullable members, so a missing field is our error message, not the serializer's.</summary>
    private sealed record Body(string? Zone, double? Liters, double? Litres);

    /// <summary>Reads and validates the request; on failure <paramref name="error"/> says what is wrong, for a 400.</summary>
    public static async Task<(WaterRequest? Request, string? Error)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.Query.ContainsKey("zone"))
        {
            string? litersText = http.Query["liters"].FirstOrDefault() ?? http.Query["litres"].FirstOrDefault();
            double? liters = null;
            if (litersText is not null)
            {
                if (!double.TryParse(litersText, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                {
                    return (null, $"liters must be a number, got '{litersText}'");
                }
                liters = parsed;
            }
            return Validate(http.Query["zone"].FirstOrDefault(), liters);
        }
        if (!http.HasJsonContentType())
        {
            return (null, "name a zone in the query (?zone=north) or in a JSON body ({\"zone\":\"north\"})");
        }
        Body? body;
        try
        {
            body = await http.ReadFromJsonAsync<Body>(cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON: {ex.Message}");
        }
        return body is null ? (null, "the body is empty") : Validate(body.Zone, body.Liters ?? body.Litres);
    }

    /// <summary>Checks a zone name and an optional amount; the zone's existence is checked later (a 404, not a 400).</summary>
    public static (WaterRequest? Request, string? Error) Validate(string? zone, double? liters)
    {
        if (string.IsNullOrWhiteSpace(zone))
        {
            return (null, "zone is required");
        }
        double amount = liters ?? DefaultLiters;
        if (!double.IsFinite(amount) || amount <= 0 || amount > MaxLiters)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"liters must be more than 0 and at most {MaxLiters}, got {amount}"));
        }
        return (new WaterRequest(zone.Trim(), amount), null);
    }
}
