#!/usr/bin/env python3
"""Derive the Places module's compact geography file from the shared source data.

Reads   ../shared/data/geography/derived_england_lad_to_combined_authority.csv  (districts -> CA)
        ../shared/data/geography/mysociety_uk_local_authorities.csv            (names, other UK codes)
Writes  modules/Places/RegionalGoodWork.Places/Data/geography.json

The output is deterministic (sorted, no timestamps) so a re-run on unchanged sources changes nothing.
The source data is mySociety's "UK local authority names and codes", CC BY 4.0: the attribution is
written into the output file and kept in Data/README.md beside it.

Usage: python3 tools/derive-geography.py [--source DIR] [--out FILE]
"""
import argparse
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "geography"))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "modules", "Places", "RegionalGoodWork.Places", "Data", "geography.json"))

ATTRIBUTION = (
    "Contains data from mySociety's UK local authority names and codes "
    "(https://github.com/mysociety/uk_local_authority_names_and_codes), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/). Combined authority membership as of 2024 was derived "
    "from it (not the official ONS lookup); names shortened to mySociety's 'nice-name'."
)

# Combined authorities whose 2024+ code has no row of its own in the source (mySociety still lists the
# two predecessors). The North East CA (E47000014) replaced the North East and North of Tyne CAs in May 2024.
CA_NAME_OVERRIDES = {"E47000014": "North East Combined Authority"}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def derive(source):
    districts = read_csv(os.path.join(source, "derived_england_lad_to_combined_authority.csv"))
    mysociety = read_csv(os.path.join(source, "mysociety_uk_local_authorities.csv"))
    by_gss = {row["gss-code"]: row for row in mysociety if row["gss-code"]}

    councils = []
    members = {}
    for row in districts:
        code = row["lad_gss"].strip()
        name = by_gss.get(code, {}).get("nice-name") or row["lad_name"].strip()
        councils.append({"code": code, "name": name})
        ca = row["ca_gss_2024_plus"].strip()
        if ca:
            members.setdefault(ca, []).append(code)

    regions = []
    for code in sorted(members):
        if code in CA_NAME_OVERRIDES:
            name = CA_NAME_OVERRIDES[code]
        elif code in by_gss:
            name = by_gss[code]["official-name"]
        else:
            names = {r["ca_name_mysociety"] for r in districts if r["ca_gss_2024_plus"] == code and r["ca_gss_mysociety"] == code}
            if len(names) != 1:
                sys.exit(f"no single name for combined authority {code}: {sorted(names)}")
            name = names.pop()
        regions.append({"code": code, "name": name, "councils": sorted(members[code])})

    platform = {c["code"] for c in councils} | set(members)
    other = {}
    for row in mysociety:
        kind = row["local-authority-type-name"] or row["local-authority-type"]
        if row["current-authority"] != "True":
            kind = f"former {kind}".strip()
        codes = [row["gss-code"]] + [c.strip() for c in row["former-gss-codes"].split(",")]
        for i, code in enumerate(codes):
            if code and code not in platform and code not in other:
                other[code] = {"code": code, "name": row["nice-name"], "kind": kind if i == 0 else f"former code of {kind}"}

    councils.sort(key=lambda c: c["code"])
    return {
        "about": "English councils (lower-tier and unitary) and combined authorities for RegionalGoodWork; "
                 "regenerate with tools/derive-geography.py.",
        "licence": "CC-BY-4.0",
        "attribution": ATTRIBUTION,
        "councils": councils,
        "regions": regions,
        "otherAreas": [other[c] for c in sorted(other)],
    }


def write(doc, out):
    # One record per line: compact, yet a diff shows which council changed.
    lines = ["{"]
    for key in ("about", "licence", "attribution"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(doc[key], ensure_ascii=False)},")
    for key in ("councils", "regions", "otherAreas"):
        items = [f"    {json.dumps(item, ensure_ascii=False, separators=(',', ':'))}" for item in doc[key]]
        tail = "," if key != "otherAreas" else ""
        lines.append(f"  {json.dumps(key)}: [\n" + ",\n".join(items) + f"\n  ]{tail}")
    lines.append("}")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    doc = derive(args.source)
    json.loads(json.dumps(doc))  # sanity: serialisable
    write(doc, args.out)
    gm = next(r for r in doc["regions"] if r["code"] == "E47000001")
    print(f"{len(doc['councils'])} councils, {len(doc['regions'])} regions "
          f"(Greater Manchester: {len(gm['councils'])} councils), {len(doc['otherAreas'])} other known areas -> {args.out}")


if __name__ == "__main__":
    main()
