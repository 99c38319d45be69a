package dev.gatelab.plot;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.Slow;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.LSTM;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    private static GateTrace lstmTrace(int steps) {
        Rng rng = new Rng(1);
        LSTM lstm = LSTM.builder(2, 5).dtype(DType.FLOAT64).rng(rng).build();
        return lstm.trace(Tensor.randn(rng, DType.FLOAT64, steps, 3, 2));
    }

    /** One rule for log axes: powers of ten over decades (every k-th beyond eight), round plain numbers within one. */
    @Test
    @SuppressWarnings("unchecked")
    void logAxesTakeTheirTicksFromTheSpanOfTheData() {
        Map<String, Object> narrow = (Map<String, Object>) SeriesChart.of("loss", new double[] {4.2, 2.5, 1.4}).logScale()
                .figures().get(0).layout().get("yaxis");
        assertEquals("array", narrow.get("tickmode"), "1.4 to 4.2 holds no power of ten: " + narrow);
        assertEquals(List.of(1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5), narrow.get("tickvals"));
        assertEquals("1.5", ((List<String>) narrow.get("ticktext")).get(1));
        Map<String, Object> wide = (Map<String, Object>) SeriesChart.of("norm", new double[] {1e-35, 1e-20, 1}).logScale()
                .figures().get(0).layout().get("yaxis");
        assertEquals(5, wide.get("dtick"), "35 decades, labelled every fifth: " + wide);
        Map<String, Object> few = (Map<String, Object>) LossChartTestData.chart().figures().get(0).layout().get("yaxis");
        assertEquals("array", few.get("tickmode"), "0.25 to 1 is within a decade");
        Map<String, Object> mid = (Map<String, Object>) SeriesChart.of("x", new double[] {1e-3, 1}).logScale()
                .figures().get(0).layout().get("yaxis");
        assertEquals(1, mid.get("dtick"));
        Map<String, Object> two = (Map<String, Object>) SeriesChart.of("x", new double[] {1.5e-4, 7e-3}).logScale()
                .figures().get(0).layout().get("yaxis");
        assertEquals("D2", two.get("dtick"), "1.5e-4 to 7e-3 holds one power of ten: 2 and 5 of each decade too");
        // The marker of a log-scale comparison is the geometric mean: 1e-4 and 1e-2 centre on 1e-3.
        List<Map<String, Object>> traces = ComparisonChart.of("loss").add("a", 1e-4, 1e-2).logScale().figures().get(0).traces();
        assertEquals("geometric mean", traces.get(1).get("name"));
        assertEquals(1e-3, (Double) ((List<?>) traces.get(1).get("y")).get(0), 1e-15);
        assertEquals(0.5, ComparisonChart.of("loss").add("a", 0, 1).figures().get(0).traces().get(1).get("y") instanceof List<?> l
                ? ((Number) l.get(0)).doubleValue() : -1, 0);
    }

    /** A four-unit heatmap's colour bar has room for each of its ticks: at least 30 px of plot height per tick. */
    @Test
    @SuppressWarnings("unchecked")
    void colourBarsOfShortHeatmapsDoNotOverprint() {
        for (int units : new int[] {4, 5}) {
            PlotlyFigure f = GateHeatmaps.of(lstmTrace(6)).gates("c").units(units).figures().get(0);
            int height = (Integer) f.layout().get("height");
            Map<String, Object> bar = (Map<String, Object>) f.traces().get(0).get("colorbar");
            int ticks = (Integer) bar.get("nticks");
            assertTrue(ticks >= 2 && (height - 160) / ticks >= 30, units + " units: " + ticks + " ticks in " + height + " px");
        }
    }

    /** A title that names the loader's placeholders reaches the page as written, and the loader stays whole. */
    @Test
    void placeholderNamesInALabelAreJustText() {
        String html = SeriesChart.of("__DRAW__", new double[] {1, 2}).title("__DIVS__ and __FILE__").notebookHtml();
        assertTrue(html.contains("__DIVS__ and __FILE__"), html);
        assertTrue(html.contains("\"name\":\"__DRAW__\""), html);
        assertTrue(html.contains("assets/" + PlotlyAsset.FILE), "the loader's own file name is filled in: " + html);
        assertFalse(html.contains("divs = __DIVS__"), html);
    }

    /** A span is a band over the whole height between its x values, behind the lines, labelled at its top. */
    @Test
    @SuppressWarnings("unchecked")
    void spansShadeTheirStretchOfTheXAxis() {
        SeriesChart chart = SeriesChart.of("y", new double[] {1, 2, 3, 4}).x(new double[] {1949, 1950, 1951, 1952})
                .span(1949, 1951, "train").span(1951, 1952, "test");
        Map<String, Object> layout = chart.figures().get(0).layout();
        List<Map<String, Object>> shapes = (List<Map<String, Object>>) layout.get("shapes");
        assertEquals(2, shapes.size());
        assertEquals(1951.0, shapes.get(1).get("x0"));
        assertEquals(1952.0, shapes.get(1).get("x1"));
        assertEquals("paper", shapes.get(1).get("yref"));
        assertEquals("below", shapes.get(0).get("layer"));
        assertEquals("test", ((List<Map<String, Object>>) layout.get("annotations")).get(1).get("text"));
        assertRefuses(IllegalArgumentException.class,
                () -> chart.span(1952, 1951, "x"), "expected finite from < to, got 1952.0 and 1951.0");
    }

    @Test
    void notebookHtmlCarriesTheDataAndALoaderButNotPlotlyItself() {
        String html = SeriesChart.of("a", new double[] {1, 2, 3}).title("T").notebookHtml();
        assertTrue(html.contains("class=\"gatelab-chart\""));
        assertTrue(html.contains("Plotly.newPlot"));
        assertTrue(html.contains("assets/" + PlotlyAsset.FILE));
        String interactive = SeriesChart.of("a", new double[] {1, 2, 3}).title("T").notebookHtml(null);
        assertTrue(interactive.length() < 20_000, "the figure's data stays small: " + interactive.length() + " characters");
        assertTrue(html.length() < interactive.length() + 140_000, "with its static image, about 100 KB at most: " + html.length());
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
    void gateChartsOneFigurePerGateWithEveryLabelAndFixedColourRanges() {
        GateTrace trace = lstmTrace(6);
        GateHeatmaps heat = GateHeatmaps.of(trace).tokens("ab cde").units(2);
        List<PlotlyFigure> figs = heat.figures();
        assertEquals(6, figs.size(), "i, f, g, o, c, h");
        Map<String, Object> f = figs.get(1).traces().get(0);
        assertEquals(0.0, f.get("zmin"));
        assertEquals(1.0, f.get("zmax"), "σ gates on [0, 1]");
        assertEquals(-1.0, figs.get(2).traces().get(0).get("zmin"), "the candidate on [-1, 1]");
        Map<String, Object> c = figs.get(4).traces().get(0);
        assertEquals(-(double) c.get("zmin"), (double) c.get("zmax"), 0, "the cell state symmetric around 0");
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) figs.get(0).layout().get("xaxis");
        assertEquals("array", x.get("tickmode"), "every step is labelled");
        assertEquals(List.of("a", "b", "␣", "c", "d", "e"), List.of((String[]) x.get("ticktext")));
        assertTrue(heat.notebookHtml().contains("unit 1"));
    }

    @Test
    void chartsCheckTheirArgumentsWhenBuilt() {
        GateTrace trace = lstmTrace(6);
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(null));
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(trace).tokens("abc"), "3 labels for 6 steps");
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(trace).gates("z"));
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(trace).sample(3));
        assertThrows(IllegalArgumentException.class, () -> GateHeatmaps.of(trace).layer(1));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryChart.of(trace).units(5));
        assertThrows(IllegalArgumentException.class, () -> SeriesChart.of("a", new double[3]).and("b", new double[4]));
        assertThrows(IllegalArgumentException.class, () -> ComparisonChart.of("loss").add("a", 0.1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ComparisonChart.of("loss").add("a", 0.1, 0).logScale());
        assertThrows(IllegalArgumentException.class, () -> ComparisonChart.of("loss").add("a", 1).add("a", 2));
        String comparison = ComparisonChart.of("loss").add("LSTM", 1, 3).add("GRU", 2).notebookHtml();
        assertTrue(comparison.contains("\"x\":[\"LSTM\",\"LSTM\",\"GRU\"]") && comparison.contains("[2.0,2.0]"),
                "one marker per run, and the means 2 and 2: " + comparison);
        assertThrows(IllegalArgumentException.class, () -> SaturationChart.of(
                dev.gatelab.nn.RNN.builder(2, 3).build().trace(Tensor.zeros(2, 1, 2))));
    }

    @Test
    void saturationTakesItsCountsFromTheTrace() {
        SaturationChart sat = SaturationChart.of(lstmTrace(6));
        assertEquals(3, sat.figures().size(), "one chart per sigmoid gate: i, f, o");
        double[][] f = sat.fractions(0, "f");
        for (int j = 0; j < 5; j++) assertTrue(f[0][j] >= 0 && f[0][j] + f[1][j] <= 1);
    }

    @Test
    void saturationOfTwoModelsSitsSideBySideOnOneScale() {
        GateTrace lstm = lstmTrace(6);
        GateTrace gru = dev.gatelab.nn.GRU.builder(2, 5).rng(new dev.gatelab.autograd.Rng(3)).build()
                .trace(Tensor.randn(new dev.gatelab.autograd.Rng(4), dev.gatelab.autograd.DType.FLOAT32, 6, 2, 2));
        SaturationChart side = SaturationChart.of("LSTM", lstm).and("GRU", gru);
        List<PlotlyFigure> figs = side.figures();
        assertEquals(1, figs.size(), "one figure, a panel per model");
        List<String> names = figs.get(0).traces().stream().map(t -> (String) t.get("name")).toList();
        assertEquals(List.of("LSTM i", "LSTM f", "LSTM o", "GRU r", "GRU z"), names);
        assertEquals("x2", figs.get(0).traces().get(3).get("xaxis"), "the GRU's gates on the second panel");
        double[] first = (double[]) ((java.util.Map<?, ?>) figs.get(0).layout().get("xaxis")).get("domain");
        double[] second = (double[]) ((java.util.Map<?, ?>) figs.get(0).layout().get("xaxis2")).get("domain");
        assertTrue(first[1] < second[0], "panels do not overlap: " + first[1] + " < " + second[0]);
        assertArrayEquals(SaturationChart.of(gru).fractions(0, "z")[1], side.fractions("GRU", 0, "z")[1]);
        assertRefuses(IllegalArgumentException.class, () -> side.fractions(0, "z"), "name the model");
        assertRefuses(IllegalArgumentException.class, () -> side.fractions("MGU", 0, "z"),
                "no model 'MGU'; the chart holds [LSTM, GRU]");
        assertRefuses(IllegalArgumentException.class, () -> SaturationChart.of("LSTM", lstm).and("RNN", null),
                "the trace of 'RNN' is null");
        assertRefuses(IllegalArgumentException.class, () -> SaturationChart.of("LSTM", lstm).and("LSTM", gru),
                "'LSTM' is already in the chart");
        assertThrows(IllegalArgumentException.class, () -> SaturationChart.of(lstm).and("GRU", gru));
        assertTrue(side.notebookHtml().contains("class=\"gatelab-chart\""));
    }

    @Test
    void unitsOnOnePointAreOneMarkerOfTheirNumberAndOneNoteNamesEveryPile() {
        double[][] f = {{0, 0, 0, 0.5, 0}, {0, 0, 0, 0.2, 0}}, g = {{0, 0, 0.1}, {0, 0, 0.3}};
        Map<String, Object> t = SaturationChart.units(f, "f", "#000000", 8);
        assertEquals(List.of(0.0, 0.5), t.get("x"));
        @SuppressWarnings("unchecked")
        List<Double> sizes = (List<Double>) ((Map<String, Object>) t.get("marker")).get("size");
        assertEquals(16.0, sizes.get(0), 1e-12, "four units: twice the diameter");
        assertEquals(8.0, sizes.get(1), 1e-12);
        assertEquals(List.of("4 units at (0.0, 0.0)", "1 unit at (0.5, 0.2)"), t.get("hovertext"));
        Map<String, double[][]> both = new java.util.LinkedHashMap<>();
        both.put("LSTM f", f);
        both.put("LSTM i", g);
        List<Map<String, Object>> notes = SaturationChart.pileNotes(both, "x2", "y2");
        assertEquals(1, notes.size(), "one note for the one point where units pile up");
        assertEquals("LSTM f ×4<br>LSTM i ×2", notes.get(0).get("text"));
        assertEquals("x2", notes.get(0).get("xref"));
    }

    @Test
    void trajectoriesFollowChosenUnits() {
        GateTrace trace = lstmTrace(5);
        TrajectoryChart t = TrajectoryChart.of(trace).gate("c").units(1, 3);
        assertEquals(1, t.figures().size());
        assertEquals(2, t.figures().get(0).traces().size());
        assertEquals(5, TrajectoryChart.of(trace).gate("c").mostActive(10).figures().get(0).traces().size());
        assertFalse(t.toString().isEmpty());
    }

    @Test
    void logAxesOverDecadesArePowersOfTenAndBaselinesAreDrawn() {
        dev.gatelab.train.History h = dev.gatelab.train.History.of(tech.tablesaw.api.Table.create("run",
                tech.tablesaw.api.IntColumn.create("epoch", 1, 2), tech.tablesaw.api.DoubleColumn.create("train_loss", 0.5, 0.001)));
        PlotlyFigure f = LossChart.of("LSTM", h).baseline(0.167, "baseline").figures().get(0);
        assertEquals(2, f.traces().size());
        assertEquals("baseline", f.traces().get(1).get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> y = (Map<String, Object>) f.layout().get("yaxis");
        assertEquals("power", y.get("exponentformat"));
        assertEquals(false, y.get("separatethousands"));
    }

    @Test
    void anyHistoryColumnOfRunsThatStoppedAtDifferentEpochs() {
        dev.gatelab.train.History shortRun = dev.gatelab.train.History.of(tech.tablesaw.api.Table.create("a",
                tech.tablesaw.api.IntColumn.create("epoch", 1, 2), tech.tablesaw.api.DoubleColumn.create("train_loss", 0.5, 0.4),
                tech.tablesaw.api.DoubleColumn.create("val_mae", 3.1, 2.2)));
        dev.gatelab.train.History longRun = dev.gatelab.train.History.of(tech.tablesaw.api.Table.create("b",
                tech.tablesaw.api.IntColumn.create("epoch", 1, 2, 3, 4), tech.tablesaw.api.DoubleColumn.create("train_loss", 0.5, 0.4, 0.3, 0.2),
                tech.tablesaw.api.DoubleColumn.create("val_mae", 3.0, 2.0, 1.7, 1.6)));
        LossChart mae = LossChart.of("GRU", shortRun).and("LSTM", longRun).column("val_mae").baseline(2.5, "persistence");
        PlotlyFigure f = mae.figures().get(0);
        assertEquals(3, f.traces().size(), "a line per run and the baseline");
        assertEquals(2, ((List<?>) f.traces().get(0).get("x")).size());
        assertEquals(4, ((List<?>) f.traces().get(1).get("x")).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> y = (Map<String, Object>) f.layout().get("yaxis");
        assertFalse("log".equals(y.get("type")), "another column is linear unless asked");
        @SuppressWarnings("unchecked")
        Map<String, Object> logY = (Map<String, Object>) mae.logScale().figures().get(0).layout().get("yaxis");
        assertEquals("log", logY.get("type"));
        assertRefuses(IllegalArgumentException.class, () -> LossChart.of("GRU", shortRun).column("val_rmse"),
                "run 'GRU' has no column 'val_rmse'");
        assertThrows(IllegalArgumentException.class, () -> LossChart.of("GRU", shortRun).column("val_mae").baseline(-1, "x").logScale().figures());
    }

    @Test
    void seriesAgainstDatesWithSpansBetweenDays() {
        tech.tablesaw.api.DateColumn days = tech.tablesaw.api.DateColumn.create("date");
        for (int d = 0; d < 4; d++) days.append(java.time.LocalDate.of(2014, 1, 1).plusDays(d));
        SeriesChart c = SeriesChart.of("max temp", new double[] {5, 6, 4, 7}).and("forecast", new double[] {5.5, 5.5, 5, 6})
                .x(days).span(java.time.LocalDate.of(2014, 1, 3), java.time.LocalDate.of(2014, 1, 4), "test")
                .baseline(5.5, "mean");
        PlotlyFigure f = c.figures().get(0);
        assertEquals(List.of("2014-01-01", "2014-01-02", "2014-01-03", "2014-01-04"), f.traces().get(0).get("x"));
        assertEquals(List.of("2014-01-01", "2014-01-04"), f.traces().get(2).get("x"), "the baseline spans the dates");
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) f.layout().get("xaxis");
        assertEquals("date", x.get("type"));
        assertTrue(c.notebookHtml().contains("2014-01-03"));
        assertRefuses(IllegalArgumentException.class, () -> SeriesChart.of("a", new double[] {1, 2}).x(days),
                "x has 4 dates, the series 2");
        assertRefuses(IllegalArgumentException.class, () -> SeriesChart.of("a", new double[] {1, 2, 3, 4}).x(days)
                .span(1, 2, "numbers").figures(), "a span of numbers on a date axis");
    }

    /** Every text a chart takes from its caller reaches the page escaped, whatever the case of a closing tag. */
    @Slow
    @Test
    void hostileStringsCannotLeaveTheScript() {
        String[] hostile = {"</SCRIPT><img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
            "\"); alert(3); (\"", "' onmouseover='alert(4)", "\u2028alert(5)", "<!--", "]]>&amp;"};
        GateTrace trace = lstmTrace(hostile.length);
        for (String h : hostile) {
            List<Chart> charts = List.of(
                    GateHeatmaps.of(trace).tokens(hostile),
                    TrajectoryChart.of(trace).tokens(hostile),
                    SeriesChart.of(h, new double[] {1, 2}).title(h).axes(h, h).baseline(1, h).span(0, 1, h),
                    ComparisonChart.of(h).add(h, 1, 2).add("b", 3).title(h).modelAxis(h).baseline(1, h),
                    LossChart.of(h, dev.gatelab.train.History.of(tech.tablesaw.api.Table.create("r",
                            tech.tablesaw.api.IntColumn.create("epoch", new int[] {1}),
                            tech.tablesaw.api.DoubleColumn.create("train_loss", 0.5)))).title(h).baseline(0.1, h));
            String text = (h + "x".repeat(hostile.length)).substring(0, hostile.length);   // one character per step
            String coloured = TextActivations.of(text, trace.gate(0, dev.gatelab.nn.Direction.FORWARD, "c", 0), 0).title(h)
                    .notebookHtml();
            assertFalse(coloured.toLowerCase().contains("<script") || coloured.contains("<img") || coloured.contains("<!--"),
                    coloured);
            for (Chart chart : charts) {
                String html = chart.notebookHtml();
                String script = html.substring(html.indexOf("<script>") + "<script>".length(), html.lastIndexOf("</script>"));
                assertFalse(script.toLowerCase().contains("</script"), chart + ": " + h);
                assertFalse(script.contains("<img") || script.contains("<!--") || script.contains("\u2028"), chart + ": " + h);
                assertFalse(script.contains("\"); alert(3)"), chart + ": a quote ends the string");
                String before = html.substring(0, html.indexOf("<script>"));      // the static image and the divs
                assertEquals(1, before.split("<img ", -1).length - 1, chart + ": only the static image is an element: " + before);
                String alt = before.substring(before.indexOf("alt=\"") + 5);
                alt = alt.substring(0, alt.indexOf('"'));
                assertFalse(alt.contains("<") || alt.contains(">") || alt.contains("'"), chart + ": the alt text is escaped: " + alt);
                assertTrue(before.contains(" style=\"max-width:100%\" src=\"data:image/png;base64,"), "the attribute did not end early");
                String page = chart.standaloneHtml();
                String title = page.substring(page.indexOf("<title>"), page.indexOf("</title>"));
                assertFalse(title.contains("<img") || title.contains("<script"), title);
            }
        }
    }

    /** A user's tanh value named "f" is drawn on [−1, 1] and is not counted as a saturating gate; its sigmoid "z" is. */
    @Test
    void aUserTanhValueNamedFIsNotTakenForAForgetGate() {
        dev.gatelab.cell.CellDefinition cell = dev.gatelab.cell.CellDefinition.builder("TanhNamedF").blocks("z", "f")
                .step(in -> {
                    dev.gatelab.cell.Expr z = in.preActivation("z").sigmoid(), f = in.preActivation("f").tanh();
                    return dev.gatelab.cell.Step.of(z.mul(in.hidden()).add(z.oneMinus().mul(f))).gate("z", z).gate("f", f);
                }).build();
        Rng rng = new Rng(5);
        GateTrace trace = dev.gatelab.nn.CellLayer.builder(cell, 2, 3).rng(rng).build().trace(Tensor.randn(rng, DType.FLOAT32, 6, 2, 2));
        Map<String, Object> heat = GateHeatmaps.of(trace).gates("f").figures().get(0).traces().get(0);
        assertEquals(-1.0, (double) heat.get("zmin"), 0);
        assertEquals(1.0, (double) heat.get("zmax"), 0);
        SaturationChart saturation = SaturationChart.of(trace);
        assertEquals(1, saturation.figures().size(), "one chart, for the sigmoid 'z' only");
        assertThrows(IllegalArgumentException.class, () -> saturation.fractions(0, "f"));
    }

    @Test
    void colourRangesComeFromTheCellsEquationsNotFromLetters() {
        Rng rng = new Rng(4);
        // NIAF's g is linear: its values go past ±1, and the colour range must cover them.
        LSTM niaf = LSTM.builder(2, 4).variant(dev.gatelab.cell.LstmVariant.STANDARD.withoutInputActivation())
                .dtype(DType.FLOAT64).rng(rng).build();
        GateTrace trace = niaf.trace(Tensor.randn(rng, DType.FLOAT64, 8, 2, 2).mul(6));
        Tensor g = trace.gate(0, dev.gatelab.nn.Direction.FORWARD, "g", 0);
        double largest = 0;
        for (int k = 0; k < g.size(); k++) largest = Math.max(largest, Math.abs(g.get(k)));
        assertTrue(largest > 1, "the test needs g beyond ±1, got " + largest);
        Map<String, Object> heat = GateHeatmaps.of(trace).gates("g").figures().get(0).traces().get(0);
        assertEquals(largest, (double) heat.get("zmax"), 1e-12);
        assertEquals(-largest, (double) heat.get("zmin"), 1e-12);
        assertEquals("RdBu", heat.get("colorscale"));

        // For every built-in cell, each heatmap's range is the traced value's own range where that is bounded.
        List<dev.gatelab.nn.Recurrent> layers = List.of(LSTM.builder(2, 3).rng(rng).build(),
                dev.gatelab.nn.GRU.builder(2, 3).rng(rng).build(), dev.gatelab.nn.RNN.builder(2, 3).rng(rng).build(),
                LSTM.builder(2, 3).variant(dev.gatelab.cell.LstmVariant.STANDARD.peepholes().coupledGates()).rng(rng).build());
        for (dev.gatelab.nn.Recurrent layer : layers) {
            GateTrace t = layer.trace(Tensor.randn(rng, DType.FLOAT32, 5, 1, 2));
            List<PlotlyFigure> figs = GateHeatmaps.of(t).figures();
            for (int k = 0; k < t.gates().size(); k++) {
                dev.gatelab.cell.TracedValue v = t.tracedValues().get(k);
                Map<String, Object> h = figs.get(k).traces().get(0);
                if (v.bounded()) {
                    assertEquals(v.min(), (double) h.get("zmin"), 0, layer + " " + v);
                    assertEquals(v.max(), (double) h.get("zmax"), 0, layer + " " + v);
                }
                assertEquals(v.min() >= 0 ? "Viridis" : "RdBu", h.get("colorscale"), layer + " " + v);
            }
        }
    }

    @Test
    void aUserCellsSigmoidGateNamedForgetGetsASaturationChart() {
        dev.gatelab.cell.CellDefinition cell = dev.gatelab.cell.CellDefinition.builder("ForgetOnly").blocks("forget", "cand")
                .step(in -> {
                    dev.gatelab.cell.Expr forget = in.preActivation("forget").sigmoid(), cand = in.preActivation("cand").tanh();
                    return dev.gatelab.cell.Step.of(forget.mul(in.hidden()).add(forget.oneMinus().mul(cand)))
                            .gate("forget", forget).gate("cand", cand);
                })
                .build();
        Rng rng = new Rng(5);
        GateTrace trace = dev.gatelab.nn.CellLayer.builder(cell, 2, 3).rng(rng).build()
                .trace(Tensor.randn(rng, DType.FLOAT32, 6, 2, 2));
        SaturationChart chart = SaturationChart.of(trace);
        assertEquals(1, chart.figures().size(), "one chart, for 'forget'");
        assertEquals(3, chart.fractions(0, "forget")[0].length);
        assertRefuses(dev.gatelab.ArgumentException.class,
                () -> chart.fractions(0, "cand"), "cand (candidate, tanh, [-1, 1])");
    }
}
