#!/usr/bin/env python3
"""Derive the Places module's compact geography file from the shared source data.

Reads   ../shared/data/geography/derived_england_lad_to_combined_authority.csv  (English districts -> CA)
        ../shared/data/geography/mysociety_uk_local_authorities.csv            (names; Scottish, Welsh and NI
                                                                                councils; other UK codes)
        ../shared/data/geography/odileeds_uk-local-authority-districts-2023.hexjson  (the 361 current UK
                                                                                districts: a cross-check only)
Writes  modules/Places/RegionalGoodWork.Places/Data/geography.json

Councils: every current lower-tier or unitary council of the United Kingdom -- England's 296 (with their
combined authority or Greater London), and the current councils of Scotland, Wales and Northern Ireland
(mySociety rows with current-authority True and lower-or-unitary True). The source gives these no grouping
below the nation (its combined-authority column is empty for them; its region column is the nation), so each
nation is one region under its ONS country code (S92000003, W92000004, N92000002): their councils roll up,
and the ONS country rows of the labour-market files become that region's own figures. The result must match
the hexjson's 361 districts exactly, nation by nation, or the script stops.

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
    "from it (not the official ONS lookup); Scottish, Welsh and Northern Irish councils grouped by the nation the source "
    "gives, under the ONS country code; names shortened to mySociety's 'nice-name'."
)

# Combined authorities whose 2024+ code has no row of its own in the source (mySociety still lists the
# two predecessors). The North East CA (E47000014) replaced the North East and North of Tyne CAs in May 2024.
CA_NAME_OVERRIDES = {"E47000014": "North East Combined Authority"}

# The nations outside England: the source's only grouping of their councils (its `nation`/`region` column) and the
# ONS country code of each (ONS Register of Geographic Codes, entity S92/W92/N92), used as the region's code.
NATIONS = {"Scotland": "S92000003", "Wales": "W92000004", "Northern Ireland": "N92000002"}


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

    # Scotland, Wales, Northern Ireland: the current councils, one region per nation.
    for row in mysociety:
        nation = row["nation"]
        if nation in NATIONS and row["current-authority"] == "True" and row["lower-or-unitary"] == "True":
            code = row["gss-code"].strip()
            if not code:
                sys.exit(f"current council without a GSS code: {row['official-name']}")
            councils.append({"code": code, "name": row["nice-name"]})
            members.setdefault(NATIONS[nation], []).append(code)
    for nation, code in NATIONS.items():
        if code not in members:
            sys.exit(f"no current councils found for {nation}")
        regions.append({"code": code, "name": nation, "councils": sorted(members[code])})
    regions.sort(key=lambda r: r["code"])

    # Cross-check against the hex cartogram's current districts (a list from another publisher).
    with open(os.path.join(source, "odileeds_uk-local-authority-districts-2023.hexjson"), encoding="utf-8") as f:
        hexes = set(json.load(f)["hexes"])
    codes = [c["code"] for c in councils]
    if len(codes) != len(set(codes)) or set(codes) != hexes:
        sys.exit(f"councils differ from the hexjson's districts: only here {sorted(set(codes) - hexes)}, "
                 f"only there {sorted(hexes - set(codes))}, duplicates {len(codes) - len(set(codes))}")

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
        "about": "The UK's current councils (lower-tier and unitary) for RegionalGoodWork, with their regions: England's "
                 "combined authorities and Greater London, and one region per nation for Scotland, Wales and Northern "
                 "Ireland (ONS country codes); regenerate with tools/derive-geography.py.",
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
    sizes = {r["code"]: len(r["councils"]) for r in doc["regions"]}
    print(f"{len(doc['councils'])} councils, {len(doc['regions'])} regions (Greater Manchester {sizes['E47000001']}, "
          f"Scotland {sizes['S92000003']}, Wales {sizes['W92000004']}, Northern Ireland {sizes['N92000002']} councils), "
          f"{len(doc['otherAreas'])} other known areas -> {args.out}")


if __name__ == "__main__":
    main()
