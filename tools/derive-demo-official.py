#!/usr/bin/env python3
"""Derive the demo region's official indicators from the shared ONS files.

Reads   ../shared/data/labour_market/ons_els_employment-rate.csv        (ONS "Explore local statistics")
        ../shared/data/labour_market/ons_els_gross-median-weekly-pay.csv
Writes  src/RegionalGoodWork.Host/Demo/Data/ons-greater-manchester.csv

Keeps every row of Greater Manchester (E47000001) and its ten councils, unchanged and in the published format
(UTF-8 BOM, the same columns), so the demo loads them through the same import as any ONS file. Sorted, so a
re-run on unchanged sources changes nothing. Source: Office for National Statistics, Open Government Licence v3.0
(see Data/README.md).

Usage: python3 tools/derive-demo-official.py [--source DIR] [--out FILE]
"""
import argparse
import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "labour_market"))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "src", "RegionalGoodWork.Host", "Demo", "Data", "ons-greater-manchester.csv"))
FILES = ["ons_els_employment-rate.csv", "ons_els_gross-median-weekly-pay.csv"]
AREAS = {"E47000001"} | {f"E080000{n:02d}" for n in range(1, 11)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    header, rows = None, []
    for name in FILES:
        with open(os.path.join(args.source, name), encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            file_header = next(reader)
            if header is None:
                header = file_header
            elif file_header != header:
                raise SystemExit(f"{name}: columns differ from {FILES[0]}")
            rows.extend(r for r in reader if r and r[0] in AREAS)

    rows.sort(key=lambda r: (r[0], r[3], r[4]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with open(args.out, "w", encoding="utf-8-sig", newline="") as f:
        f.write(out.getvalue())
    print(f"{args.out}: {len(rows)} rows for {len(AREAS)} areas")


if __name__ == "__main__":
    main()
