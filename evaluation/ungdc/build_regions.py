#!/usr/bin/env python3
"""Build evaluation/ungdc/regions.tsv: ISO3 code -> UN regional group.

Build-time helper only; sample.py reads the committed regions.tsv and needs
nothing else.

Group membership is transcribed by hand below from the UN Department for
General Assembly and Conference Management (DGACM) page "Regional groups of
Member States" (https://www.un.org/dgacm/en/content/regional-groups), which
lists the 193 Member States in five groups (Kiribati is listed with
Asia-Pacific; Turkey and Israel with Western European and Others; the United
States is not a member of any group but is counted with WEOG for electoral
purposes, and is assigned to it here).  The assignment is the *current*
membership and is applied to every year of the corpus; the five-group system
itself dates from 1963-66, so for 1946-65 it is an anachronism used only as a
stratification key.

Codes in the corpus that are not current Member States are assigned by hand:

* historical Member States -> the group their territory belongs to now and
  that they sat with: CSK (Czechoslovakia, to 1992), DDR (German Democratic
  Republic, 1973-90) and YUG (Yugoslavia, to 2000/2002) -> Eastern European;
  YMD (Democratic Yemen / South Yemen, 1967-90) -> Asia-Pacific;
* EU (European Union; a General Assembly observer with enhanced rights since
  2011), VAT (Holy See, observer State) and PSE (State of Palestine, observer
  State; it is a member of the Asia-Pacific Group, but is kept apart here as
  the brief asks for observers) -> "other".

Names come from the PyPI package country_converter (1.3.2), file
country_data.tsv, column name_short, when it is importable or given with
--coco-tsv; the codes it lacks (CSK, DDR, YMD, YUG, EU) are named by hand.
country_converter has no UN regional-group column (its UNregion column is the
M49 geographic subregion), so it is used only for names and for a sanity
report (continent and UNmember year of every code) printed on stderr.

Usage:
    python3 evaluation/ungdc/build_regions.py [--ungdc DIR] [--coco-tsv FILE] [--out FILE]
"""

import argparse
import csv
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

GROUPS = {
    "African": """
        DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG CIV COD DJI EGY GNQ ERI
        SWZ ETH GAB GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ
        NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TGO TUN UGA TZA ZMB ZWE
    """,
    "Asia-Pacific": """
        AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR KAZ KIR
        KWT KGZ LAO LBN MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL QAT
        KOR WSM SAU SGP SLB LKA SYR TJK THA TLS TON TKM TUV ARE UZB VUT VNM YEM
    """,
    "Eastern European": """
        ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE MKD POL MDA ROU
        RUS SRB SVK SVN UKR
    """,
    "Latin American and Caribbean": """
        ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY
        HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN
    """,
    "Western European and Others": """
        AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE LUX MLT MCO
        NLD NZL NOR PRT SMR ESP SWE CHE TUR GBR USA
    """,
}
EXPECTED_SIZES = {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                  "Latin American and Caribbean": 33, "Western European and Others": 29}

# Codes that are not current UN Member States: (region, name, note).
EXTRA = {
    "CSK": ("Eastern European", "Czechoslovakia", "historical Member State (1945-1992); group of its successors CZE, SVK"),
    "DDR": ("Eastern European", "German Democratic Republic", "historical Member State (1973-1990)"),
    "YUG": ("Eastern European", "Yugoslavia", "historical: Yugoslavia, then FR Yugoslavia / Serbia and Montenegro (1946-2005 in the corpus); Eastern European Group"),
    "YMD": ("Asia-Pacific", "Democratic Yemen (South Yemen)", "historical Member State (1967-1990); group of its successor YEM"),
    "EU": ("other", "European Union", "regional organisation, General Assembly observer (enhanced participation since 2011)"),
    "VAT": ("other", "Holy See", "non-member observer State"),
    "PSE": ("other", "State of Palestine", "non-member observer State (member of the Asia-Pacific Group; kept apart as an observer)"),
}
NOTES = {
    "USA": "not a member of any group; counted with WEOG for electoral purposes (DGACM)",
    "TUR": "participates in WEOG and Asia-Pacific; WEOG for electoral purposes (DGACM)",
    "ISR": "WEOG (temporary member since 2000, full since 2004); before 2000 in no group",
    "KIR": "listed with Asia-Pacific by DGACM (long in no group)",
    "CYP": "Asia-Pacific Group",
    "CHE": "WEOG; UN Member State since 2002",
    "RUS": "also the USSR (1946-1991) in the corpus",
    "DEU": "also the Federal Republic of Germany (1973-1990) in the corpus",
    "YEM": "also the Yemen Arab Republic (to 1990) in the corpus",
}

HAND_NAMES = {"SWZ": "Eswatini", "CZE": "Czechia", "MKD": "North Macedonia", "TUR": "Türkiye"}


def corpus_codes(ungdc):
    txt = os.path.join(ungdc, "TXT")
    pat = re.compile(r"^([A-Z]{2,3})_(\d+)_(\d{4})\.txt$")
    codes = set()
    for d in os.listdir(txt):
        if not os.path.isdir(os.path.join(txt, d)):
            continue
        for f in os.listdir(os.path.join(txt, d)):
            m = pat.match(f)
            if m:
                codes.add(m.group(1))
    return codes


def coco_rows(path):
    if path is None:
        spec = importlib.util.find_spec("country_converter")
        if spec is None or spec.origin is None:
            return {}
        path = os.path.join(os.path.dirname(spec.origin), "country_data.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        return {r["ISO3"]: r for r in csv.DictReader(f, delimiter="\t")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ungdc", default=os.path.join(REPO, "..", "shared", "data", "ungdc"))
    ap.add_argument("--coco-tsv", default=None, help="country_converter's country_data.tsv (default: found via import)")
    ap.add_argument("--out", default=os.path.join(HERE, "regions.tsv"))
    a = ap.parse_args()

    table = {}
    for region, codes in GROUPS.items():
        codes = codes.split()
        if len(codes) != len(set(codes)) or len(codes) != EXPECTED_SIZES[region]:
            sys.exit(f"{region}: {len(codes)} codes, expected {EXPECTED_SIZES[region]}")
        for c in codes:
            if c in table:
                sys.exit(f"{c} in two groups")
            table[c] = region
    if len(table) != 193:
        sys.exit(f"{len(table)} Member States, expected 193")
    coco = coco_rows(a.coco_tsv)
    if not coco:
        sys.exit("country_converter's country_data.tsv not found: pip install country_converter==1.3.2 or pass --coco-tsv")
    rows = []
    for c in sorted(set(table) | set(EXTRA)):
        if c in EXTRA:
            region, name, note = EXTRA[c]
        else:
            region, note = table[c], NOTES.get(c, "")
            name = HAND_NAMES.get(c) or coco[c]["name_short"]
        rows.append((c, region, name, note))
        r = coco.get(c)
        print(f"{c}\t{region}\t{r['continent'] if r else '-'}\t{r['UNregion'] if r else '-'}\t"
              f"UNmember={r['UNmember'] if r else '-'}", file=sys.stderr)

    present = corpus_codes(a.ungdc)
    missing = sorted(present - {r[0] for r in rows})
    unused = sorted({r[0] for r in rows} - present)
    if missing:
        sys.exit(f"corpus codes without a region: {missing}")
    print(f"{len(rows)} codes; corpus uses {len(present)}; in the table but not in the corpus: {unused}", file=sys.stderr)

    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# ISO3 (as in UNGDC file names) -> UN regional group. Built by evaluation/ungdc/build_regions.py.\n")
        f.write("# Source: UN DGACM 'Regional groups of Member States' (https://www.un.org/dgacm/en/content/regional-groups),\n")
        f.write("# current membership, transcribed by hand; USA counted with WEOG (electoral purposes); historical codes\n")
        f.write("# (CSK DDR YUG -> Eastern European, YMD -> Asia-Pacific) and observers (EU VAT PSE -> other) by hand.\n")
        f.write("# Names: country_converter 1.3.2 (PyPI) name_short, or by hand. Static: applied to every year 1946-2024.\n")
        f.write("iso3\tregion\tname\tnote\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
