package io.denywatch.alerts.deliver;

import io.denywatch.alerts.route.Route;
import io.denywatch.alerts.sink.Sink;

/** A sink with the incidents it takes and its pace. */
public record RoutedSink(Sink sink, Route route, Pacer pacer) {

    public String name() {
        return sink.name();
    }
}
