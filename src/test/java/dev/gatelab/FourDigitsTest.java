package dev.gatelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class FourDigitsTest {
    @Test
    void printsFourSignificantDigitsAndKeepsEveryDigitInTheColumn() {
        Table t = FourDigits.on(Table.create("t", IntColumn.create("unit", 121, 32),
                DoubleColumn.create("Δloss", 0.040165807104188295, 325.325344699191)));
        String printed = t.print();
        assertTrue(printed.contains("0.04017") && printed.contains("325.3"), printed);
        assertFalse(printed.contains("0.0401658"), printed);
        assertTrue(printed.contains("121"), "integer columns as they were: " + printed);
        assertEquals(0.040165807104188295, t.doubleColumn("Δloss").get(0), 0);
    }
}
