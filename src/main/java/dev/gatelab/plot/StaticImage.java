package dev.gatelab.plot;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart's figures drawn as one PNG by XChart (pure Java2D), from the same traces and layout that plotly.js draws,
 * for wherever no script runs: a notebook on GitHub, in nbviewer or VS Code, an untrusted notebook, an exported page
 * without plotly.js. The figures are stacked top to bottom; a figure whose traces name several axes (x2, y2, …) has a
 * panel per pair, side by side as the axes' domains place them.
 *
 * <p>What it reads of Plotly's attributes: scatter traces in lines or markers mode (colour, dash, marker size,
 * showlegend, gaps as null), heatmaps (z, zmin, zmax, colorscale Viridis or RdBu, tick text), axis titles, ranges,
 * log, date and category axes, tick values with their text, annotations placed on the data, and rectangles spanning
 * the plot's height (drawn as their two edges). Hover text and other interaction have no static form.
 */
final class StaticImage {
    /** Wider figures are drawn at this width, their height kept: a static image is read, not zoomed. */
    static final int MAX_WIDTH = 1000;
    private static final int DEFAULT_WIDTH = 700, DEFAULT_HEIGHT = 450;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14), TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private StaticImage() {}

    /**
     * @param figures the chart's figures
     * @return one PNG holding them all, top to bottom
     */
    static byte[] png(List<PlotlyFigure> figures) {
        if (figures.isEmpty()) throw new IllegalArgumentException("StaticImage: a chart with no figures has no image");
        List<BufferedImage> images = new ArrayList<>();
        for (PlotlyFigure f : figures) images.add(draw(f));
        return encode(stack(images));
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@link Chart#png()}, or null with one warning per JVM where it cannot be drawn. */
    static byte[] orNull(dev.gatelab.plot.Chart chart) {
        try {
            return chart.png();
        } catch (RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
            // AWTError and InternalError are how Java2D says that it has no fonts or no font configuration.
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("Gatelab: charts are shown without their static image, which could not be drawn here ("
                        + e + "); a saved notebook will show them only where scripts run");
            }
            return null;
        }
    }

    /** The image as PNG bytes. */
    static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("StaticImage: no PNG writer in this JVM");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage stack(List<BufferedImage> images) {
        if (images.size() == 1) return images.get(0);
        int width = 0, height = 0;
        for (BufferedImage i : images) {
            width = Math.max(width, i.getWidth());
            height += i.getHeight();
        }
        BufferedImage all = canvas(width, height);
        Graphics2D g = all.createGraphics();
        int y = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, 0, y, null);
            y += i.getHeight();
        }
        g.dispose();
        return all;
    }

    /** One XChart chart of a figure and where it goes on the figure's image. */
    record Panel(Chart<?, ?> chart, int left, int top, int width, int height) {}

    /** One figure: its panels painted side by side at the width its layout asks for, scaled down past MAX_WIDTH. */
    static BufferedImage draw(PlotlyFigure figure) {
        List<Panel> panels = panels(figure);
        int w = 0, h = 0;
        for (Panel p : panels) {
            w = Math.max(w, p.left() + p.width());
            h = Math.max(h, p.top() + p.height());
        }
        BufferedImage image = canvas(w, h);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        if (panels.get(0).top() > 0) {        // one title over side-by-side panels; each has its own below it
            String title = plain(titleOf(figure.layout().get("title")));
            g.setFont(TITLE);
            g.setColor(Color.BLACK);
            g.drawString(title, Math.max(4, (w - g.getFontMetrics().stringWidth(title)) / 2), 20);
        }
        for (Panel p : panels) {
            Graphics2D panel = (Graphics2D) g.create(p.left(), p.top(), p.width(), p.height());
            p.chart().paint(panel, p.width(), p.height());
            panel.dispose();
        }
        g.dispose();
        return image;
    }

    /** The figure's panels: one per pair of axes its traces name, placed by the x axis's domain. */
    static List<Panel> panels(PlotlyFigure figure) {
        Map<String, Object> layout = figure.layout();
        int width = number(layout.get("width"), DEFAULT_WIDTH), height = number(layout.get("height"), DEFAULT_HEIGHT);
        // Only the width is capped: a heatmap of 300 steps keeps its rows readable, each step narrower.
        int w = Math.min(width, MAX_WIDTH), h = height;
        Map<String, List<Map<String, Object>>> byAxes = new LinkedHashMap<>();
        for (Map<String, Object> trace : figure.traces()) {
            String key = text(trace.get("xaxis"), "x") + "/" + text(trace.get("yaxis"), "y");
            byAxes.computeIfAbsent(key, k -> new ArrayList<>()).add(trace);
        }
        if (byAxes.isEmpty()) byAxes.put("x/y", List.of());
        String title = plain(titleOf(layout.get("title")));
        int top = byAxes.size() > 1 ? 28 : 0;
        List<Panel> out = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> p : byAxes.entrySet()) {
            String[] axes = p.getKey().split("/");
            Map<String, Object> xAxis = axis(layout, axes[0]), yAxis = axis(layout, axes[1]);
            double[] domain = doubles(xAxis.get("domain"));
            int panelWidth = domain.length == 2 ? (int) Math.round(w * (domain[1] - domain[0])) : w;
            int panelLeft = domain.length == 2 ? (int) Math.round(w * domain[0]) : 0;
            Chart<?, ?> chart = p.getValue().stream().anyMatch(t -> "heatmap".equals(t.get("type")))
                    ? heatmap(p.getValue(), xAxis, yAxis, panelWidth, h - top)
                    : xy(p.getValue(), layout, axes[0], xAxis, yAxis, panelWidth, h - top);
            chart.setTitle(byAxes.size() > 1 ? panelTitle(layout, domain) : title);
            style(chart.getStyler(), layout);
            // Cells are rectangles on whole pixels: smoothing their edges only adds colours that PNG cannot compress.
            if (chart instanceof HeatMapChart) {
                chart.getStyler().setAntiAlias(false);
                chart.getStyler().setLegendVisible(true);     // the colour scale, which Plotly draws as a colour bar
            }
            out.add(new Panel(chart, panelLeft, top, panelWidth, h - top));
        }
        return out;
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage image = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        return image;
    }

    private static void style(Styler s, Map<String, Object> layout) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(new Color(0xF4F6FA));
        s.setChartTitleFont(TITLE);
        s.setLegendFont(TEXT);
        s.setAntiAlias(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendVisible(!Boolean.FALSE.equals(layout.get("showlegend")));
        s.setPlotBorderVisible(false);
    }

    private static XYChart xy(List<Map<String, Object>> traces, Map<String, Object> layout, String xName,
                              Map<String, Object> xAxis, Map<String, Object> yAxis, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).xAxisTitle(plain(titleOf(xAxis.get("title"))))
                .yAxisTitle(plain(titleOf(yAxis.get("title")))).build();
        chart.getStyler().setAxisTickLabelsFont(TEXT);
        chart.getStyler().setMarkerSize(6);
        String xType = text(xAxis.get("type"), "");
        // The axis type when the layout gives one; only without it the values decide, as Plotly's autotype does.
        boolean dates = "date".equals(xType) || xType.isEmpty() && firstX(traces) instanceof String s && isDate(s);
        boolean categories = !dates && ("category".equals(xType) || xType.isEmpty() && firstX(traces) instanceof String);
        boolean logY = "log".equals(yAxis.get("type"));
        chart.getStyler().setYAxisLogarithmic(logY);
        if (dates) chart.getStyler().setDatePattern("yyyy-MM-dd");
        // Dates are days at UTC midnight and numbers print as Plotly prints them, whatever the JVM's zone and locale.
        chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
        chart.getStyler().setLocale(java.util.Locale.ROOT);
        List<String> names = new ArrayList<>();       // a category axis: each name at its index, in order of appearance
        if (categories) {
            for (Map<String, Object> t : traces) for (Object x : list(t.get("x"))) if (!names.contains(String.valueOf(x))) names.add(String.valueOf(x));
            chart.setCustomXAxisTickLabelsFormatter(v -> {
                long i = Math.round(v);
                return Math.abs(v - i) < 1e-9 && i >= 0 && i < names.size() ? names.get((int) i) : "";
            });
            chart.getStyler().setXAxisMin(-0.5);
            chart.getStyler().setXAxisMax(names.size() - 0.5);
        }
        // Tick text on x (a character model's tokens at each step). Not on y: XChart's own ticks serve there, and its
        // tick search with a formatter that leaves most ticks blank does not end on a log axis.
        if (!logY) tickText(xAxis, f -> chart.setCustomXAxisTickLabelsFormatter(f));
        double[] xRange = doubles(xAxis.get("range")), yRange = doubles(yAxis.get("range"));
        if (xRange.length == 2 && !dates && !categories) {
            chart.getStyler().setXAxisMin(xRange[0]);
            chart.getStyler().setXAxisMax(xRange[1]);
        }
        if (yRange.length == 2 && !logY) {
            chart.getStyler().setYAxisMin(yRange[0]);
            chart.getStyler().setYAxisMax(yRange[1]);
        }
        if (!dates && !categories && Boolean.FALSE.equals(xAxis.get("separatethousands"))) {
            // years read 1959, not 1,959 (Plotly's separatethousands false); fractions keep three decimals
            chart.getStyler().setXAxisDecimalPattern("0.###");
        }
        int k = 0;
        for (Map<String, Object> t : traces) {
            List<?> xs = list(t.get("x"));
            double[] y = doubles(t.get("y"));
            double[] x = new double[xs.size()];
            for (int i = 0; i < x.length; i++) {
                Object v = xs.get(i);
                x[i] = categories ? names.indexOf(String.valueOf(v)) : dates ? epochMillis(v) : v instanceof Number n ? n.doubleValue() : Double.NaN;
            }
            if (logY) for (int i = 0; i < y.length; i++) if (!(y[i] > 0)) y[i] = Double.NaN;    // a log axis has no place for them
            if (!anyFinite(y)) continue;
            String name = uniqueName(chart, text(t.get("name"), "trace " + k));
            XYSeries series;
            if (dates) {
                List<Date> when = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    when.add(new Date((long) x[i]));
                    values.add(y[i]);
                }
                series = chart.addSeries(name, when, values);
            } else {
                series = chart.addSeries(name, x, y);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> line = (Map<String, Object>) t.getOrDefault("line", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> marker = (Map<String, Object>) t.getOrDefault("marker", Map.of());
            Color colour = colour(text(line.get("color"), text(marker.get("color"), Palette.colour(k))));
            boolean lines = text(t.get("mode"), "lines").contains("lines");
            series.setXYSeriesRenderStyle(lines ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            if (lines) {
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(stroke(text(line.get("dash"), "solid"), number(line.get("width"), 2)));
            } else {
                series.setMarker("line-ew-open".equals(marker.get("symbol")) ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            }
            series.setShowInLegend(!Boolean.FALSE.equals(t.get("showlegend")));
            k++;
        }
        if (k == 0) chart.addSeries("no finite values", new double[] {0}, new double[] {logY ? 1 : 0}).setMarker(SeriesMarkers.NONE);
        for (Map<String, Object> note : maps(layout.get("annotations"))) {
            // notes on this panel's data; a note placed on the paper titles a panel instead (see panelTitle)
            if (!"paper".equals(note.get("xref")) && text(note.get("xref"), "x").equals(xName) && !"paper".equals(note.get("yref"))) {
                double x = dates ? epochMillis(note.get("x")) : number(note.get("x"));
                String words = plain(text(note.get("text"), ""));
                if ("left".equals(note.get("xanchor")) && xRange.length == 2) {
                    // XChart centres a note on its point; Plotly's starts there. Shift by half the text's width,
                    // about 3.5 px a character, in data units over a plot about 200 px narrower than the panel.
                    x += (words.length() * 3.5 + 10) / Math.max(100, width - 200) * (xRange[1] - xRange[0]);
                }
                chart.addAnnotation(new AnnotationText(words, x, number(note.get("y")), false));
            }
        }
        for (Map<String, Object> shape : maps(layout.get("shapes"))) {
            if ("rect".equals(shape.get("type")) && "paper".equals(shape.get("yref"))) {
                for (String edge : new String[] {"x0", "x1"}) {
                    chart.addAnnotation(new AnnotationLine(dates ? epochMillis(shape.get(edge)) : number(shape.get(edge)), true, false));
                }
            }
        }
        return chart;
    }

    private static HeatMapChart heatmap(List<Map<String, Object>> traces, Map<String, Object> xAxis, Map<String, Object> yAxis,
                                        int width, int height) {
        Map<String, Object> t = traces.stream().filter(m -> "heatmap".equals(m.get("type"))).findFirst().orElseThrow();
        List<?> zRows = list(t.get("z"));
        int rows = zRows.size(), cols = rows == 0 ? 0 : list(zRows.get(0)).size();
        List<Object> xs = labels(xAxis, cols), ys = labels(yAxis, rows);
        List<Number[]> cells = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            double[] row = doubles(zRows.get(r));
            for (int c = 0; c < cols; c++) {
                if (!Double.isFinite(row[c])) continue;
                cells.add(new Number[] {c, r, row[c]});
                lo = Math.min(lo, row[c]);
                hi = Math.max(hi, row[c]);
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height)
                .xAxisTitle(plain(titleOf(xAxis.get("title")))).yAxisTitle(plain(titleOf(yAxis.get("title")))).build();
        chart.addSeries(text(t.get("name"), "values"), xs, ys, cells);
        chart.getStyler().setAxisTickLabelsFont(TEXT);
        chart.getStyler().setMin(t.get("zmin") instanceof Number n ? n.doubleValue() : lo);
        chart.getStyler().setMax(t.get("zmax") instanceof Number n ? n.doubleValue() : hi);
        chart.getStyler().setRangeColors("RdBu".equals(t.get("colorscale"))
                ? new Color[] {new Color(0x053061), new Color(0x4393C3), new Color(0xF7F7F7), new Color(0xD6604D), new Color(0x67001F)}
                : new Color[] {new Color(0x440154), new Color(0x3B528B), new Color(0x21908C), new Color(0x5DC963), new Color(0xFDE725)});
        if (cols > 40) chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setShowValue(false);
        // the colour scale's ends as Plotly's colour bar labels them: 14.4, not 14.415703773498535
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.3g", v));
        chart.getStyler().setLegendVisible(true);
        return chart;
    }

    /** An axis's tick text, one per row or column, or the indices when it gives none. */
    private static List<Object> labels(Map<String, Object> axis, int n) {
        List<?> text = list(axis.get("ticktext"));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i < text.size() ? String.valueOf(text.get(i)) : String.valueOf(i));
        return out;
    }

    /** tickvals with ticktext: each value labelled with its text and other ticks left blank, as Plotly's array mode. */
    private static void tickText(Map<String, Object> axis, java.util.function.Consumer<java.util.function.Function<Double, String>> set) {
        double[] values = doubles(axis.get("tickvals"));
        List<?> text = list(axis.get("ticktext"));
        if (values.length == 0 || text.size() != values.length) return;
        set.accept(v -> {
            for (int i = 0; i < values.length; i++) if (Math.abs(values[i] - v) <= 1e-9 * Math.max(1, Math.abs(v))) return String.valueOf(text.get(i));
            return "";
        });
    }

    /** The title of the side-by-side panel whose domain holds an annotation placed on the paper. */
    private static String panelTitle(Map<String, Object> layout, double[] domain) {
        for (Map<String, Object> note : maps(layout.get("annotations"))) {
            if ("paper".equals(note.get("xref")) && domain.length == 2) {
                double x = number(note.get("x"));
                if (x >= domain[0] && x <= domain[1]) return plain(text(note.get("text"), ""));
            }
        }
        return "";
    }

    private static Map<String, Object> axis(Map<String, Object> layout, String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) layout.get(name.charAt(0) + "axis" + name.substring(1));
        return a != null ? a : Map.of();
    }

    private static BasicStroke stroke(String dash, float width) {
        float[] pattern = switch (dash) {
            case "dot" -> new float[] {2, 4};
            case "dash" -> new float[] {8, 5};
            case "dashdot" -> new float[] {8, 4, 2, 4};
            default -> null;
        };
        return pattern == null ? new BasicStroke(width) : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, pattern, 0);
    }

    /** Plotly's colours as Gatelab writes them: "#rrggbb" or "rgb(r,g,b)". */
    static Color colour(String css) {
        String c = css.trim();
        if (c.startsWith("#") && c.length() == 7) return new Color(Integer.parseInt(c.substring(1), 16));
        if (c.startsWith("rgb")) {
            String[] parts = c.substring(c.indexOf('(') + 1, c.indexOf(')')).split(",");
            return new Color(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()));
        }
        return Color.DARK_GRAY;
    }

    private static String uniqueName(XYChart chart, String name) {
        String n = name.isEmpty() ? " " : name;
        while (chart.getSeriesMap().containsKey(n)) n = n + " ";     // XChart keys series by name; Plotly allows repeats
        return n;
    }

    private static Object firstX(List<Map<String, Object>> traces) {
        for (Map<String, Object> t : traces) for (Object x : list(t.get("x"))) if (x != null) return x;
        return null;
    }

    private static boolean isDate(String s) {
        return s.matches("\\d{4}-\\d{2}-\\d{2}.*");
    }

    private static double epochMillis(Object iso) {
        if (iso == null) return Double.NaN;
        return LocalDate.parse(String.valueOf(iso).substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static boolean anyFinite(double[] v) {
        for (double d : v) if (Double.isFinite(d)) return true;
        return false;
    }

    /** Plotly's rich text as plain text: line breaks as spaces, tags dropped. */
    static String plain(String s) {
        return s.replace("<br>", " · ").replaceAll("<[^>]+>", "");
    }

    private static String titleOf(Object title) {
        if (title instanceof Map<?, ?> m) return text(m.get("text"), "");
        return text(title, "");
    }

    private static String text(Object v, String fallback) {
        return v == null ? fallback : String.valueOf(v);
    }

    private static int number(Object v, int fallback) {
        return v instanceof Number n ? n.intValue() : fallback;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static List<?> list(Object v) {
        if (v instanceof List<?> l) return l;
        if (v instanceof double[] d) return java.util.Arrays.stream(d).boxed().toList();
        if (v instanceof int[] d) return java.util.Arrays.stream(d).boxed().toList();
        if (v instanceof Object[] o) return java.util.Arrays.asList(o);
        return List.of();
    }

    private static double[] doubles(Object v) {
        List<?> l = list(v);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(v)) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        return out;
    }
}
