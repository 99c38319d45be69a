package dev.gatelab;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Numbers as a reader wants them in a printed table: four significant digits, not the seventeen Tablesaw prints. Only
 * the printing changes; the columns keep every digit.
 *
 * <pre>{@code
 * Table t = FourDigits.on(ablation.perUnit("c", trace, 17, 201));   // 0.04017, not 0.040165807104188295
 * }</pre>
 */
public final class FourDigits extends NumberFormat {
    private static final long serialVersionUID = 1L;

    private FourDigits() {}

    /**
     * Gives every double column of a table this print format.
     *
     * @param table any table
     * @param <T> its type (a History stays a History)
     * @return the same table
     */
    public static <T extends Table> T on(T table) {
        for (var column : table.columns()) {
            if (column instanceof DoubleColumn d) d.setPrintFormatter(new NumberColumnFormatter(new FourDigits()));
        }
        return table;
    }

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition at) {
        return to.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : String.valueOf(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition at) {
        return to.append(v);
    }

    @Override
    public Number parse(String text, ParsePosition at) {
        at.setIndex(text.length());
        return Double.parseDouble(text);
    }
}
