package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportTest {

    private static Result direct(String setup, double rate, long p99Micros) {
        Latencies delivery = new Latencies();
        delivery.record(p99Micros);
        return Result.of("direct", "parley").param("pairs", 100).param("offeredPerSecond", rate)
                .metric("ackedNotDeliveredAfter10s", 0L).latency("delivery", delivery).withSetup(setup);
    }

    @Test
    void theSetupIsTheFirstColumnAfterTheTarget() {
        String md = Report.markdown(Map.of("cores", 2), List.of(direct("h2-fresh", 1000, 2000), direct("postgres-fresh", 1000, 3000)));
        assertThat(md).contains("| target | setup | pairs | offeredPerSecond | ackedNotDeliveredAfter10s | delivery p50/p90/p99/max ms |")
                .contains("| parley | h2-fresh | 100 | 1000 | 0 | 2.00 / 2.00 / 2.00 / 2.00 |")
                .contains("| parley | postgres-fresh | 100 | 1000 | 0 | 3.00 / 3.00 / 3.00 / 3.00 |");
    }

    @Test
    void theChartHasALineAndALegendPerSetup() {
        String svg = Chart.svg(List.of(direct("h2-fresh", 1000, 2000), direct("h2-fresh", 30000, 90000),
                direct("h2-aged", 1000, 4000), direct("h2-aged", 30000, 200000)));
        assertThat(svg).contains(">h2-fresh p99<", ">h2-fresh p50<", ">h2-aged p99<", ">h2-aged p50<", ">30k<");
        assertThat(svg.split("<polyline").length - 1).isEqualTo(4);
    }

    @Test
    void resultsFromBeforeSetupsExistedStillDraw() {
        Latencies delivery = new Latencies();
        delivery.record(1500);
        Result old = Result.of("direct", "parley").param("offeredPerSecond", 200.0).latency("delivery", delivery);
        assertThat(Chart.svg(List.of(old))).contains(">Parley p99<");
    }
}
