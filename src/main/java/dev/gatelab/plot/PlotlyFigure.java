package dev.gatelab.plot;

import java.util.List;
import java.util.Map;

/**
 * One Plotly figure as plotly.js takes it: the traces ({@code data}) and the {@code layout}, as maps of Plotly's own
 * attribute names. {@link Chart} turns it into HTML; every string in it is escaped there, in one place ({@link Escape}).
 *
 * @param traces Plotly's data array
 * @param layout Plotly's layout object
 */
public record PlotlyFigure(List<Map<String, Object>> traces, Map<String, Object> layout) {
    /** @return the script that draws this figure into the element with id {@code div} */
    String script(String div) {
        return call(div) + ";";
    }

    /** @return the expression that draws this figure into the element with id {@code div}: a Promise, as Plotly's */
    String call(String div) {
        return "Plotly.newPlot(" + Escape.json(div) + ", " + Escape.json(traces) + ", " + Escape.json(layout)
                + ", {responsive: true})";
    }
}
