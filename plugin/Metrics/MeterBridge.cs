using System.Diagnostics.Metrics;
using Csnet.Common.Telemetry;
using Prometheus;

namespace Csnet.Plugin.Metrics;

/// <summary>
/// Listens to the csnet meter and feeds each measurement to the Prometheus collector that
/// <see cref="InstrumentMap"/> names. prometheus-net's own meter adapter derives names by
/// convention; csnet's names are an interface, so they are listed, and an instrument without an
/// entry is not exported.
/// </summary>
public sealed class MeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, (InstrumentMap Map, Collector Collector)> _collectors = [];

    public MeterBridge(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        foreach (var map in InstrumentMap.All)
        {
            Collector collector = map.Instrument == Endpoints.RequestMetrics.DurationName
                ? factory.CreateHistogram(map.Name, map.Help, map.Labels, new HistogramConfiguration { Buckets = InstrumentMap.LatencyBuckets })
                : factory.CreateCounter(map.Name, map.Help, map.Labels);
            if (collector is Counter counter)
            {
                foreach (var values in map.Known ?? [])
                    counter.WithLabels(values).IncTo(0);
            }
            _collectors[map.Instrument] = (map, collector);
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CsnetMeter.Name && _collectors.ContainsKey(instrument.Name))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (map, collector) = _collectors[instrument.Name];
        var values = new string[map.Labels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = "";
            foreach (var tag in tags)
            {
                if (tag.Key == map.Labels[i])
                    values[i] = tag.Value?.ToString() ?? "";
            }
        }
        switch (collector)
        {
            case Histogram histogram:
                histogram.WithLabels(values).Observe(value);
                break;
            case Counter counter:
                counter.WithLabels(values).Inc(value);
                break;
        }
    }
}
