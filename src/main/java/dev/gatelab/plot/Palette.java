package dev.gatelab.plot;

/** The colours runs and units are drawn in (Plotly's default sequence, so charts look familiar). */
final class Palette {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Palette() {}

    static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }
}
