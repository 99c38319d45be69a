/**
 * The classical baselines a recurrent model is compared with, each the one an expert in its field runs first: an
 * interpolated Kneser–Ney n-gram for a character model ({@link dev.gatelab.baseline.KneserNey}), seasonal ARIMA and a
 * least-squares autoregression for a forecast ({@link dev.gatelab.baseline.Sarima},
 * {@link dev.gatelab.baseline.AutoRegression}), and the Diebold–Mariano test of whether the test points can tell two
 * forecasts apart at all ({@link dev.gatelab.baseline.DieboldMariano}); and for comparisons over seeds, Welch's t-test
 * ({@link dev.gatelab.baseline.Welch}) with Holm's adjustment for a family of them ({@link dev.gatelab.baseline.Holm}).
 */
package dev.gatelab.baseline;
