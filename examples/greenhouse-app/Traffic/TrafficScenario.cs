namespace GreenhouseApp.Traffic;

/// <summary>
/// One kind of visit the traffic generator makes. <see cref="Weight"/> is its share of visits;
/// <see cref="CreateRequest"/> builds a fresh request (an HttpRequestMessage can be sent once).
/// </summary>
internal sealed record TrafficScenario(string Name, int Weight, Func<Random, HttpRequestMessage> CreateRequest);
