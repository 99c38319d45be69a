"""Writes src/test/resources/fixtures/forecast_baselines.json: the airline model fitted by conditional sum of squares,
a least-squares AR(2) and the HLN-corrected Diebold-Mariano test, computed with numpy and scipy from their
definitions, as an independent check of dev.gatelab.baseline. Run from the repository root:
/usr/bin/python3 src/test/python/make_forecast_baselines_fixture.py (needs python3-numpy and python3-scipy).
"""
import csv
import json

import numpy as np
from scipy import optimize, stats

FIT_END = 120        # Jan 1959: the airline model is fitted on 1949-1958
AR_FIT_END = 84      # z[k] belongs to month k + 12: the AR(2) is fitted on the training months' growth


def airline_residuals(log_y, theta, seasonal_theta):
    # w_t = (1 - B)(1 - B^12) log y_t;  w_t = e_t + theta e_{t-1} + Theta e_{t-12} + theta Theta e_{t-13}
    w = np.array([log_y[t] - log_y[t - 1] - log_y[t - 12] + log_y[t - 13] for t in range(13, len(log_y))])
    e = np.zeros(len(w))
    for k in range(len(w)):
        past = 0.0
        if k >= 1:
            past += theta * e[k - 1]
        if k >= 12:
            past += seasonal_theta * e[k - 12]
        if k >= 13:
            past += theta * seasonal_theta * e[k - 13]
        e[k] = w[k] - past
    return w, e


def css(x, log_y):
    return float(np.sum(airline_residuals(log_y, x[0], x[1])[1] ** 2))


def airline_one_step(log_y, theta, seasonal_theta, start, stop):
    w, e = airline_residuals(log_y[:stop], theta, seasonal_theta)
    out = []
    for t in range(start, stop):
        k = t - 13
        out.append(log_y[t - 1] + log_y[t - 12] - log_y[t - 13] + (w[k] - e[k]))
    return out


def airline_forecast(log_y, theta, seasonal_theta, origin, horizon):
    y = list(log_y[:origin])
    _, e = airline_residuals(np.array(y), theta, seasonal_theta)
    e = list(e)
    for t in range(origin, origin + horizon):
        k = t - 13
        shocks = theta * e[k - 1] + seasonal_theta * e[k - 12] + theta * seasonal_theta * e[k - 13]
        y.append(y[t - 1] + y[t - 12] - y[t - 13] + shocks)
        e.append(0.0)
    return y[origin:]


def hln(truth, a, b, h):
    d = (np.asarray(a) - truth) ** 2 - (np.asarray(b) - truth) ** 2
    n = len(d)
    mean = d.mean()
    gamma = [np.sum((d[k:] - mean) * (d[:n - k] - mean)) / n for k in range(h)]
    dm = mean / np.sqrt((gamma[0] + 2 * sum(gamma[1:])) / n)
    stat = dm * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return float(mean), float(stat), float(2 * stats.t.cdf(-abs(stat), n - 1))


def main():
    with open("notebooks/data/airline-passengers.csv") as f:
        y = np.array([float(r["passengers"]) for r in csv.DictReader(f)])
    log_y = np.log(y)
    fit = optimize.minimize(css, [0.0, 0.0], args=(log_y[:FIT_END],), method="BFGS",
                            options={"gtol": 1e-12, "maxiter": 10000})
    theta, seasonal_theta = fit.x
    w, _ = airline_residuals(log_y[:FIT_END], theta, seasonal_theta)
    one_step = airline_one_step(log_y, theta, seasonal_theta, FIT_END, len(y))

    z = np.log(y[12:]) - np.log(y[:-12])
    train = z[:AR_FIT_END]
    design = np.column_stack([np.ones(len(train) - 2), train[1:-1], train[:-2]])
    beta = np.linalg.lstsq(design, train[2:], rcond=None)[0]
    ar_one_step = [beta[0] + beta[1] * z[k - 1] + beta[2] * z[k - 2] for k in range(AR_FIT_END, len(z))]
    ar_path = list(z[:AR_FIT_END])
    for k in range(AR_FIT_END, AR_FIT_END + 12):
        ar_path.append(beta[0] + beta[1] * ar_path[k - 1] + beta[2] * ar_path[k - 2])

    truth = y[FIT_END:]
    airline_passengers = np.exp(one_step)
    seasonal_naive = y[FIT_END - 12:len(y) - 12]
    ar_passengers = y[FIT_END - 12:len(y) - 12] * np.exp(ar_one_step[FIT_END - 12 - AR_FIT_END:])
    tests = []
    for h in (1, 3):
        for name, other in (("seasonal naive", seasonal_naive), ("AR(2)", ar_passengers)):
            mean, stat, p = hln(truth, airline_passengers, other, h)
            tests.append({"against": name, "horizon": h, "mean_difference": mean, "statistic": stat, "p_value": p})

    with open("src/test/resources/fixtures/forecast_baselines.json", "w") as f:
        json.dump({
            "airline": {"fit_end": FIT_END, "theta": theta, "seasonal_theta": seasonal_theta,
                        "css": float(fit.fun), "residuals": len(w),
                        "css_at": {"x": [-0.3, -0.5], "value": css([-0.3, -0.5], log_y[:FIT_END])},
                        "one_step_log": one_step,
                        "forecast_log_from_120": airline_forecast(log_y, theta, seasonal_theta, FIT_END, 24)},
            "ar2": {"fit_end": AR_FIT_END, "intercept": beta[0], "coefficients": [beta[1], beta[2]],
                    "one_step": ar_one_step, "forecast_12": ar_path[AR_FIT_END:]},
            "diebold_mariano": {"truth": list(truth), "first": list(airline_passengers), "tests": tests,
                                "seasonal naive": list(seasonal_naive), "AR(2)": list(ar_passengers)},
        }, f, indent=1)


main()
