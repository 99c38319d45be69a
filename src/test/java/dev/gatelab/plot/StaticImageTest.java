package dev.gatelab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.LSTM;
import dev.gatelab.train.History;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Every chart type's static image, the one a notebook saved with its outputs shows where no script runs: a PNG of at
 * most 100 KB a figure in the MIME bundle and inside the HTML, drawn from the same figures as the interactive chart. The
 * XChart panels it paints carry the same titles, series (names and count) and y ranges as the Plotly figures, and
 * every line's colour is on the picture.
 */
class StaticImageTest {
    private static GateTrace lstmTrace(int steps) {
        Rng rng = new Rng(1);
        return LSTM.builder(2, 5).dtype(DType.FLOAT64).rng(rng).build().trace(Tensor.randn(rng, DType.FLOAT64, steps, 3, 2));
    }

    private static GateTrace gruTrace() {
        return GRU.builder(2, 5).rng(new Rng(3)).build().trace(Tensor.randn(new Rng(4), DType.FLOAT32, 6, 2, 2));
    }

    private static History history() {
        return History.of(tech.tablesaw.api.Table.create("run", tech.tablesaw.api.IntColumn.create("epoch", 1, 2, 3, 4, 5),
                tech.tablesaw.api.DoubleColumn.create("train_loss", 1, 0.5, 0.33, 0.25, 0.2),
                tech.tablesaw.api.DoubleColumn.create("val_loss", 1.2, 0.6, 0.4, 0.3, 0.24)));
    }

    static Stream<Arguments> everyChartType() {
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < 12; i++) days.add(LocalDate.of(2000, 1, 1).plusMonths(3L * i));
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) y[i] = Math.sin(i / 2.0) + 2;
        return Stream.of(
                Arguments.of("LossChart", LossChart.of("run", history()).baseline(0.3, "a baseline")),
                Arguments.of("LossChart, one column", LossChart.of("run", history()).column("val_loss")),
                Arguments.of("SeriesChart, dates and a span", SeriesChart.of("rate", y).and("forecast", y.clone()).x(days)
                        .span(days.get(2), days.get(5), "validation").baseline(2, "mean").title("quarterly")),
                Arguments.of("SeriesChart, log", SeriesChart.of("norm", new double[] {1e-6, 1e-3, 1}).logScale()),
                Arguments.of("GateHeatmaps", GateHeatmaps.of(lstmTrace(8))),
                Arguments.of("GateHeatmaps, many steps", GateHeatmaps.of(lstmTrace(120))),
                Arguments.of("TrajectoryChart", TrajectoryChart.of(lstmTrace(8))),
                Arguments.of("SaturationChart", SaturationChart.of(lstmTrace(8))),
                Arguments.of("SaturationChart, side by side", SaturationChart.of("LSTM", lstmTrace(6)).and("GRU", gruTrace())),
                Arguments.of("ComparisonChart", ComparisonChart.of("loss").add("LSTM", 0.2, 0.25, 0.22).add("GRU", 0.3, 0.28)
                        .baseline(0.35, "last value")),
                Arguments.of("ComparisonChart, log", ComparisonChart.of("loss").add("a", 1e-4, 1e-2).add("b", 1e-3).logScale()),
                Arguments.of("TextActivations", TextActivations.ofValues("to be,\nor not", new double[] {-1, -0.5, 0, 0.2, 0.5, 1, 0.9, 0, 0.1, 0.2, 0.3, 0.4, 0.5}, "value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChartType")
    void theBundleCarriesAPngOfAtMost100KbBesideTheHtml(String name, Chart chart) throws IOException {
        Map<String, String> bundle = chart.mimeBundle();
        byte[] png = Base64.getDecoder().decode(bundle.get("image/png"));
        int figures = Math.max(1, chart.figures().size());
        assertTrue(png.length <= 100_000 * figures, name + ": " + png.length + " bytes for " + figures + " figures");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() >= 300 && image.getWidth() <= StaticImage.MAX_WIDTH, name + " width " + image.getWidth());
        assertTrue(image.getHeight() >= 60, name + " height " + image.getHeight());
        assertTrue(distinctColours(image) > 8, name + ": the picture is not blank");
        if (chart instanceof TextActivations) {
            assertTrue(bundle.get("text/html").contains("class=\"gatelab-text\"") && !bundle.get("text/html").contains("<script"),
                    "the coloured text itself, which needs no script");
        } else {
            String html = bundle.get("text/html");
            assertTrue(html.contains("<img id=\"") && html.contains("class=\"gatelab-static\"")
                    && html.contains("src=\"data:image/png;base64," + bundle.get("image/png") + "\""), name + ": the same image inside the HTML");
            assertTrue(html.contains("still.remove()") && html.contains("Plotly.newPlot"), name + ": the script replaces it with the interactive chart");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChartType")
    void theImageShowsTheSameSeriesRangesAndTitlesAsTheInteractiveChart(String name, Chart chart) throws IOException {
        if (chart instanceof TextActivations) return;      // not a Plotly figure: its picture is the text itself
        for (PlotlyFigure figure : chart.figures()) {
            List<StaticImage.Panel> panels = StaticImage.panels(figure);
            Set<String> axesPairs = new HashSet<>();
            for (Map<String, Object> t : figure.traces()) axesPairs.add(t.getOrDefault("xaxis", "x") + "/" + t.getOrDefault("yaxis", "y"));
            assertEquals(axesPairs.size(), panels.size(), name + ": a panel per pair of axes");
            String title = StaticImage.plain(String.valueOf(((Map<?, ?>) figure.layout().get("title")).get("text")));
            int series = 0;
            for (StaticImage.Panel p : panels) {
                if (panels.size() == 1) assertEquals(title, p.chart().getTitle(), name);
                else assertTrue(!p.chart().getTitle().isEmpty(), name + ": each side-by-side panel is titled");
                if (p.chart() instanceof XYChart xy) {
                    for (XYSeries s : xy.getSeriesMap().values()) {
                        series++;
                        assertTrue(figure.traces().stream().anyMatch(t -> s.getName().strip().equals(String.valueOf(t.get("name")))),
                                name + ": series '" + s.getName() + "' is one of the figure's traces");
                    }
                    Map<?, ?> yAxis = (Map<?, ?>) figure.layout().get("yaxis" + (p == panels.get(0) ? "" : String.valueOf(panels.indexOf(p) + 1)));
                    assertEquals("log".equals(yAxis == null ? null : yAxis.get("type")), xy.getStyler().isYAxisLogarithmic(), name);
                    if (yAxis != null && yAxis.get("range") instanceof double[] range) {
                        assertEquals(range[0], xy.getStyler().getYAxisMin(), 0, name + ": the y range");
                        assertEquals(range[1], xy.getStyler().getYAxisMax(), 0, name + ": the y range");
                    }
                } else {
                    HeatMapChart heat = (HeatMapChart) p.chart();
                    Map<String, Object> t = figure.traces().get(0);
                    assertEquals(((Number) t.get("zmin")).doubleValue(), heat.getStyler().getMin(), 0, name + ": the colour range");
                    assertEquals(((Number) t.get("zmax")).doubleValue(), heat.getStyler().getMax(), 0, name);
                    assertEquals(((List<?>) t.get("z")).size(), heat.getHeatMapSeries().getYData().size(), name + ": a row per unit");
                    series++;
                }
            }
            assertEquals(figure.traces().size(), series, name + ": every trace drawn, none added");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
        for (PlotlyFigure figure : chart.figures()) {
            for (Map<String, Object> t : figure.traces()) {
                Object line = t.get("line") instanceof Map<?, ?> m ? m.get("color") : null;
                Object marker = t.get("marker") instanceof Map<?, ?> m ? m.get("color") : null;
                Object css = line != null ? line : marker;
                if (css == null || !"lines".equals(t.get("mode"))) continue;
                assertTrue(hasColour(image, StaticImage.colour(String.valueOf(css))), name + ": the line '" + t.get("name") + "' in " + css);
            }
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) for (int x = 0; x < image.getWidth(); x += 2) seen.add(image.getRGB(x, y));
        return seen.size();
    }

    private static boolean hasColour(BufferedImage image, Color c) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 255) - c.getRed(), dg = ((rgb >> 8) & 255) - c.getGreen(), db = (rgb & 255) - c.getBlue();
                if (dr * dr + dg * dg + db * db < 12) return true;
            }
        }
        return false;
    }
}
