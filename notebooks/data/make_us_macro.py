"""Writes notebooks/data/us-macro-quarterly.csv from the US macroeconomic data that statsmodels ships
(statsmodels.datasets.macrodata: 1959Q1-2009Q3, public domain; compiled by Skipper Seabold from FRED, Federal Reserve
Bank of St. Louis, and the unemployment rate from the Bureau of Labor Statistics, both accessed 15 December 2009).
The values are copied unchanged; a `date` column (the first day of each quarter) is added in front so that Tablesaw
reads the rows as dates. Run from the repository root after `apt-get install python3-statsmodels`:
/usr/bin/python3 notebooks/data/make_us_macro.py
"""
import csv

SOURCE = "/usr/lib/python3/dist-packages/statsmodels/datasets/macrodata/macrodata.csv"

with open(SOURCE, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
with open("notebooks/data/us-macro-quarterly.csv", "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["date"] + header)
    for row in body:
        year, quarter = int(float(row[0])), int(float(row[1]))
        out.writerow([f"{year:04d}-{3 * (quarter - 1) + 1:02d}-01", str(year), str(quarter)] + row[2:])
