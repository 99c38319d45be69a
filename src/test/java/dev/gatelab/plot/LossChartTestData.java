package dev.gatelab.plot;

/** A small chart for the tests. */
final class LossChartTestData {
    private LossChartTestData() {}

    static Chart chart() {
        return SeriesChart.of("loss", new double[] {1, 0.5, 0.25}).logScale().title("loss");
    }
}
