package dev.gatelab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.LSTM;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    @Test
    void notebookHtmlCarriesTheDataAndALoaderButNotPlotlyItself() {
        String html = SeriesChart.of("a", new double[] {1, 2, 3}).title("T").notebookHtml();
        assertTrue(html.contains("class=\"gatelab-chart\""));
        assertTrue(html.contains("Plotly.newPlot"));
        assertTrue(html.contains("assets/" + PlotlyAsset.FILE));
        assertTrue(html.length() < 20_000, "the output should stay small, it is " + html.length() + " characters");
    }

    @Test
    void savesAStandalonePageWithPlotlyInline(@TempDir Path dir) throws Exception {
        Path file = LossChartTestData.chart().save(dir.resolve("loss.html"));
        String page = Files.readString(file);
        assertTrue(page.length() > 3_000_000, "plotly.js is inline");
        assertTrue(page.contains("<div id=\"fig0\">"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void gateChartsOneFigurePerGateAndUnitsCanBeLimited() {
        Rng rng = new Rng(1);
        LSTM lstm = LSTM.builder(2, 5).dtype(DType.FLOAT64).rng(rng).build();
        lstm.recordGates(true).forward(Tensor.randn(rng, DType.FLOAT64, 6, 3, 2));
        GateHeatmaps heat = GateHeatmaps.of(lstm.lastTrace()).tokens("abcdef").units(2);
        assertEquals(6, heat.figures().size());
        assertTrue(heat.notebookHtml().contains("2:b"), "tokens label the time axis");
        SaturationChart sat = SaturationChart.of(lstm.lastTrace(), 1, 3);
        assertEquals(3, sat.figures().size(), "one chart per sigmoid gate: i, f, o");
        double[][] f = sat.fractions(0, "f");
        for (int j = 0; j < 5; j++) assertTrue(f[0][j] >= 0 && f[0][j] + f[1][j] <= 1);
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(null));
    }

    @Test
    void trajectoriesFollowChosenUnits() {
        Rng rng = new Rng(2);
        LSTM lstm = LSTM.builder(1, 4).dtype(DType.FLOAT64).rng(rng).build();
        lstm.recordGates(true).forward(Tensor.randn(rng, DType.FLOAT64, 5, 1, 1));
        TrajectoryChart t = TrajectoryChart.of(lstm.lastTrace()).gate("c").units(1, 3);
        assertEquals(1, t.figures().size());
        assertEquals(2, t.figures().get(0).getTraces().length);
        assertEquals(4, TrajectoryChart.of(lstm.lastTrace()).gate("c").mostActive(10).figures().get(0).getTraces().length);
        assertFalse(t.toString().isEmpty());
    }
}
