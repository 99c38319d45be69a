package dev.gatelab.data;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatelab.ArgumentException;
import org.junit.jupiter.api.Test;

class ForecastsTest {
    /** A period-2 series growing by half each period: every rule gets its own definition's number. */
    private static final double[] SERIES = {2, 4, 3, 6, 4.5, 9, 6.75, 13.5};

    @Test
    void eachRuleForecastsFromTheValuesBeforeIt() {
        assertArrayEquals(new double[] {9, 6.75}, Forecasts.lastValue(SERIES, 6, 8));
        assertArrayEquals(new double[] {4.5, 9}, Forecasts.lastSeason(SERIES, 2, 6, 8));
        // The growth of the last period, (4.5 + 9) / (3 + 6) = 1.5, times the same season a period back.
        assertArrayEquals(new double[] {6.75, 13.5}, Forecasts.lastSeasonTimesGrowth(SERIES, 2, 6, 8), 1e-12);
        assertEquals(Math.sqrt((1 + 4) / 2.0), Forecasts.rmse(new double[] {1, 2}, new double[] {2, 4}), 1e-12);
    }

    /** A period ahead, the growth is the one known at the origin, frozen: the second month does not see the first. */
    @Test
    void aPeriodAheadTheGrowthIsFrozenAtTheOrigin() {
        double[] changed = SERIES.clone();
        changed[6] = 100;                       // the first forecast month's truth may not reach the second forecast
        assertArrayEquals(new double[] {6.75, 13.5}, Forecasts.lastSeasonTimesGrowthAhead(changed, 2, 6, 2), 1e-12);
        assertArrayEquals(Forecasts.lastSeasonTimesGrowth(SERIES, 2, 6, 7), Forecasts.lastSeasonTimesGrowthAhead(SERIES, 2, 6, 1), 0);
        assertRefuses(ArgumentException.class,
                () -> Forecasts.lastSeasonTimesGrowthAhead(SERIES, 2, 6, 3), "expected a horizon in [1, 2]");
        assertRefuses(ArgumentException.class,
                () -> Forecasts.lastSeasonTimesGrowthAhead(SERIES, 2, 3, 1), "need 4 values before the first");
    }
}
