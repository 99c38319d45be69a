package dev.gatelab.baseline;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.ArgumentException;
import dev.gatelab.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Against src/test/python/make_forecast_baselines_fixture.py: numpy and scipy, from the definitions. */
class ForecastBaselinesTest {
    private static final JsonNode F = Fixtures.load("forecast_baselines");

    private static double[] passengers() throws Exception {
        return Files.readAllLines(Path.of(System.getProperty("basedir", "."), "notebooks/data/airline-passengers.csv"))
                .stream().skip(1).mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(',') + 1))).toArray();
    }

    @Test
    void theAirlineModelMatchesScipysMinimumOfTheSameSumOfSquares() throws Exception {
        double[] logY = Arrays.stream(passengers()).map(Math::log).toArray();
        JsonNode a = F.get("airline");
        int fitEnd = a.get("fit_end").asInt();
        double[] fitted = Arrays.copyOf(logY, fitEnd);
        // The objective itself, at a point away from the optimum, to the last digits.
        assertEquals(a.get("css_at").get("value").asDouble(), Sarima.conditionalSumOfSquares(fitted, Sarima.Order.airline(),
                Fixtures.values(a.get("css_at").get("x"))), 1e-15);
        Sarima airline = Sarima.fit(fitted, Sarima.Order.airline());
        assertEquals(a.get("theta").asDouble(), airline.ma()[0], 1e-6);
        assertEquals(a.get("seasonal_theta").asDouble(), airline.seasonalMa()[0], 1e-6);
        assertTrue(airline.sumOfSquares() <= a.get("css").asDouble() + 1e-14, "at least as low as scipy's minimum");
        assertEquals(a.get("css").asDouble() / a.get("residuals").asInt(), airline.sigma2(), 1e-12);
        assertArrayEquals(Fixtures.values(a.get("one_step_log")), airline.oneStepForecasts(logY, fitEnd, logY.length), 1e-6);
        assertArrayEquals(Fixtures.values(a.get("forecast_log_from_120")), airline.forecast(logY, fitEnd, 24), 1e-5);
        assertEquals(0, airline.ar().length + airline.seasonalAr().length);
    }

    @Test
    void aSeasonalArmaIsRecoveredFromASeriesItGenerated() {
        // (1 − 0.5B)(1 − 0.3B⁴) w = (1 + 0.4B) e, d = 1: fitted on 4,000 values, the parameters come back.
        Random r = new Random(11);
        int n = 4000;
        double[] w = new double[n], e = new double[n], y = new double[n + 1];
        for (int t = 0; t < n; t++) {
            e[t] = r.nextGaussian();
            w[t] = e[t] + (t >= 1 ? 0.4 * e[t - 1] + 0.5 * w[t - 1] : 0) + (t >= 4 ? 0.3 * w[t - 4] : 0)
                    - (t >= 5 ? 0.15 * w[t - 5] : 0);
            y[t + 1] = y[t] + w[t];
        }
        Sarima m = Sarima.fit(y, new Sarima.Order(1, 1, 1, 1, 0, 0, 4));
        assertEquals(0.5, m.ar()[0], 0.05);
        assertEquals(0.4, m.ma()[0], 0.05);
        assertEquals(0.3, m.seasonalAr()[0], 0.05);
        assertEquals(1, m.sigma2(), 0.1);
        // One step ahead, the forecast errors are the shocks (after the start-up).
        double[] next = m.oneStepForecasts(y, 100, n + 1);
        double sse = 0;
        for (int t = 100; t <= n; t++) sse += Math.pow(y[t] - next[t - 100], 2);
        assertEquals(1, sse / (n + 1 - 100), 0.1);
    }

    @Test
    void theAutoregressionMatchesNumpysLeastSquares() throws Exception {
        double[] y = passengers();
        double[] z = new double[y.length - 12];
        for (int k = 0; k < z.length; k++) z[k] = Math.log(y[k + 12]) - Math.log(y[k]);
        JsonNode a = F.get("ar2");
        int fitEnd = a.get("fit_end").asInt();
        AutoRegression ar = AutoRegression.fit(Arrays.copyOf(z, fitEnd), 2);
        assertEquals(a.get("intercept").asDouble(), ar.intercept(), 1e-12);
        assertArrayEquals(Fixtures.values(a.get("coefficients")), ar.coefficients(), 1e-12);
        assertArrayEquals(Fixtures.values(a.get("one_step")), ar.oneStepForecasts(z, fitEnd, z.length), 1e-12);
        assertArrayEquals(Fixtures.values(a.get("forecast_12")), ar.forecast(z, fitEnd, 12), 1e-12);
    }

    @Test
    void dieboldMarianoMatchesScipysStudentT() {
        JsonNode d = F.get("diebold_mariano");
        double[] truth = Fixtures.values(d.get("truth")), first = Fixtures.values(d.get("first"));
        for (JsonNode t : d.get("tests")) {
            DieboldMariano.Result r = DieboldMariano.test(truth, first, Fixtures.values(d.get(t.get("against").asText())),
                    t.get("horizon").asInt());
            String what = t.get("against").asText() + ", h " + t.get("horizon").asInt();
            assertEquals(t.get("mean_difference").asDouble(), r.meanDifference(), 1e-9, what);
            assertEquals(t.get("statistic").asDouble(), r.statistic(), 1e-12, what);
            assertEquals(t.get("p_value").asDouble(), r.pValue(), 1e-9, what);
        }
    }

    @Test
    void badInputIsNamed() {
        double[] three = {1, 2, 3};
        assertRefuses(ArgumentException.class,
                () -> DieboldMariano.test(three, three, new double[] {1, 2}, 1),
                "expected two forecasts of the 3 values, got 3 and 2");
        assertRefuses(ArgumentException.class, () -> DieboldMariano.test(three, three, three, 1), "no variance");
        assertRefuses(ArgumentException.class,
                () -> Sarima.fit(new double[10], Sarima.Order.airline()), "SARIMA(0,1,1)(0,1,1)12 needs at least");
        assertRefuses(ArgumentException.class,
                () -> Sarima.conditionalSumOfSquares(new double[40], Sarima.Order.airline(), 0.1),
                "has 2 parameters (φ, θ, Φ, Θ), got 1");
        assertRefuses(ArgumentException.class,
                () -> new Sarima.Order(0, 1, 1, 0, 1, 1, 1), "seasonal orders need a period above 1");
        assertRefuses(ArgumentException.class, () -> AutoRegression.fit(new double[20], 2), "collinear");
        assertRefuses(ArgumentException.class,
                () -> AutoRegression.fit(new double[] {1, 3, 2, 5, 4, 7, 5, 8}, 2).oneStepForecasts(new double[8], 1, 8),
                "expected a span within [2, 8]");
    }
}
