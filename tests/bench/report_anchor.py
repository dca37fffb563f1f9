#!/usr/bin/python3
"""report_anchor.py: the anchor bench_report compares `spor report` with.

The same per-dimension analysis the report makes for ONE group (the whole
programme, "overall"), done with pandas + scipy from the plaintext long table
`spor export-data --format csv` writes (spor_long.csv):

  - a dimension score per measurement: the mean of the answered items (value
    >= 0; -1 "vil ikke svare" and empty are unanswered) when at least
    ceil(min_answered_share * items) of the dimension's items are answered
    (forms/scoring.json);
  - per child and occasion one measurement: the first før, the latest efter
    and opfølgning (occasion_no orders a child's measurements of a kind);
  - per dimension: n, mean and sd per occasion; for før → efter, efter →
    opfølgning and før → opfølgning (only children with all three) the paired
    t-test (scipy.stats.ttest_rel), the mean change and improved / unchanged /
    worse in the dimension's direction (forms/child/*.json).

    report_anchor.py LONG_CSV FORMS_DIR [--json]

Prints "anchor_seconds S" (reading the CSV through the last figure; not the
interpreter's start or the imports) and, with --json, the figures, so they
can be compared with the report's JSON. Exits 3 when pandas or scipy cannot
be imported, so the caller can say the anchor is absent.
"""
import json
import math
import os
import sys
import time

try:
    import numpy as np
    import pandas as pd
    from scipy import stats
except ImportError as e:  # the caller says the anchor is absent
    print("anchor absent: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    long_csv, forms_dir = args
    with open(os.path.join(forms_dir, "scoring.json"), encoding="utf-8") as f:
        scoring = json.load(f)
    share = float(scoring["min_answered_share"])
    threshold = float(scoring["change_threshold"])
    direction = {}
    order = []
    child_dir = os.path.join(forms_dir, "child")
    for name in sorted(os.listdir(child_dir)):
        with open(os.path.join(child_dir, name), encoding="utf-8") as f:
            form = json.load(f)
        for d in form["dimensions"]:
            if d["id"] not in direction:
                order.append(d["id"])
            direction[d["id"]] = 1.0 if d["direction"] == "positive" else -1.0

    start = time.perf_counter()
    df = pd.read_csv(long_csv, usecols=["child", "occasion", "occasion_no", "dimension", "value"],
                     dtype={"child": "string", "occasion": "int8", "occasion_no": "int16",
                            "dimension": "category", "value": "float64"})
    # Dimension scores per measurement (child, occasion, occasion_no).
    df["answered"] = df["value"].where(df["value"] >= 0)
    keys = ["child", "occasion", "occasion_no", "dimension"]
    g = df.groupby(keys, observed=True, sort=False)["answered"].agg(["sum", "count", "size"])
    need = np.ceil(share * g["size"].to_numpy() - 1e-9)
    g["score"] = np.where(g["count"].to_numpy() >= need, g["sum"] / g["count"].where(g["count"] > 0), np.nan)
    scores = g["score"].reset_index()
    # One measurement per child and occasion: the first før (1), the latest
    # efter (2) and opfølgning (3); progression (4) is not in the pairs.
    scores = scores[scores["occasion"] <= 3]
    mins = scores.groupby(["child", "occasion"], sort=False)["occasion_no"].transform("min")
    maxs = scores.groupby(["child", "occasion"], sort=False)["occasion_no"].transform("max")
    chosen = scores[np.where(scores["occasion"] == 1, scores["occasion_no"] == mins, scores["occasion_no"] == maxs)]
    wide = chosen.pivot_table(index=["child", "dimension"], columns="occasion", values="score", aggfunc="first",
                              observed=True)
    wide = wide.reindex(columns=[1, 2, 3])
    out = {}
    for dim, w in wide.groupby(level="dimension", observed=True):
        res = {"means": [], "pairs": {}}
        for k in (1, 2, 3):
            v = w[k].dropna()
            res["means"].append({"n": int(v.size), "mean": float(v.mean()) if v.size else None,
                                 "sd": float(v.std(ddof=1)) if v.size > 1 else None})
        for name, a, b, all_three in (("foer_efter", 1, 2, False), ("efter_opfoelgning", 2, 3, False),
                                      ("foer_opfoelgning", 1, 3, True)):
            mask = w[a].notna() & w[b].notna()
            if all_three:
                mask &= w[2].notna()
            x = w.loc[mask, a].to_numpy()
            y = w.loc[mask, b].to_numpy()
            n = int(x.size)
            t = p = None
            if n >= 2:
                r = stats.ttest_rel(y, x)
                t = None if math.isnan(r.statistic) else float(r.statistic)
                p = None if math.isnan(r.pvalue) else float(r.pvalue)
            change = direction[dim] * (y - x)
            res["pairs"][name] = {
                "n": n, "mean_change": float((y - x).mean()) if n else None, "t": t, "p": p,
                "improved": int((change > threshold + 1e-9).sum()),
                "worse": int((change < -threshold - 1e-9).sum()),
                "unchanged": int(n - (change > threshold + 1e-9).sum() - (change < -threshold - 1e-9).sum())}
        out[str(dim)] = res
    seconds = time.perf_counter() - start
    print("anchor_seconds %.3f" % seconds)
    print("anchor_rows %d" % len(df))
    if "--json" in sys.argv:
        print(json.dumps({d: out[d] for d in order if d in out}, indent=1))


if __name__ == "__main__":
    main()
