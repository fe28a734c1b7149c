#!/usr/bin/env python3
"""Reference values for src/lib/stats and the ab-test / compare-segments ops, from scipy and statsmodels.

    /usr/bin/python3 scripts/reference/stats_reference.py   (a Python with scipy and statsmodels:
                                                            apt-get install python3-scipy python3-statsmodels)

writes src/lib/stats/fixtures/reference.json (then `npx prettier --write` it), which the unit tests compare against (to 1e-6 x max(1, |v|)
for the statistics, 1e-12 relative for the distribution functions). CI runs no Python: re-run this only
when the definitions or the sample data change, and commit the JSON.

Each figure comes from the library function the op's definition names (scipy.stats.ttest_ind with
equal_var=False, chi2_contingency with correction=False, statsmodels proportions_ztest, ...); P(best)
and expected loss by scipy.integrate.quad; nothing here is copied from the TypeScript.
"""
import csv
import json
import math
import os

import numpy as np
from scipy import integrate, special, stats

try:  # statsmodels where installed (apt-get install python3-statsmodels); the same formulas by hand otherwise.
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportion_confint, proportions_ztest

    HAVE_SM = True
except ImportError:  # pragma: no cover
    HAVE_SM = False

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "src", "lib", "stats", "fixtures", "reference.json")


def f(x):
    x = float(x)
    return x if math.isfinite(x) else None


def ztest(x1, n1, x2, n2):
    if HAVE_SM:
        z, p = proportions_ztest([x1, x2], [n1, n2])
        return float(z), float(p)
    p = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return z, 2 * stats.norm.sf(abs(z))


def wilson(x, n, alpha):
    if HAVE_SM:
        lo, hi = proportion_confint(x, n, alpha=alpha, method="wilson")
        return float(lo), float(hi)
    z = stats.norm.ppf(1 - alpha / 2)
    p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return c - h, c + h


def bh(ps):
    ps = np.asarray(ps, dtype=float)
    finite = np.isfinite(ps)
    q = np.full(len(ps), np.nan)
    if finite.any():
        if HAVE_SM:
            q[finite] = multipletests(ps[finite], method="fdr_bh")[1]
        else:
            q[finite] = stats.false_discovery_control(ps[finite], method="bh")
    return q


# --- distribution functions ----------------------------------------------------------------------

def distributions():
    xs = [-8.5, -5, -3.2, -1.1, -0.3, 0, 0.2, 0.49, 0.51, 1.7, 3.9, 4.1, 6.3, 9]
    ps = [1e-12, 1e-6, 0.001, 0.02, 0.024, 0.025, 0.3, 0.5, 0.8, 0.975, 0.976, 0.999, 1 - 1e-9]
    beta = [(x, a, b) for x in [0.001, 0.05, 0.3, 0.5, 0.77, 0.99] for a, b in [(0.5, 0.5), (1, 30), (2.5, 7), (50, 3), (1200, 10800), (0.5, 4000)]]
    gam = [(a, x) for a in [0.5, 1, 3.3, 12, 150] for x in [0.01, 0.7, 3, 11, 40, 200]]
    tt = [(t, df) for t in [-6, -2.1, -0.4, 0.9, 1.96, 3.5, 12] for df in [1, 2.5, 7.3, 30, 1000, 25000.5]]
    tq = [(p, df) for p in [0.0005, 0.025, 0.3, 0.9, 0.975, 0.995] for df in [1, 2.5, 7.3, 30, 1000, 25000.5]]
    ch = [(x, df) for x in [0.01, 1, 3.84, 7.8, 25, 90] for df in [1, 2, 3, 9, 40]]
    return {
        "erfc": [[x, f(special.erfc(x))] for x in xs],
        "normalCdf": [[x, f(stats.norm.cdf(x))] for x in xs],
        "normalQuantile": [[p, f(stats.norm.ppf(p))] for p in ps],
        "betaInc": [[x, a, b, f(special.betainc(a, b, x))] for x, a, b in beta],
        "gammaP": [[a, x, f(special.gammainc(a, x))] for a, x in gam],
        "gammaQ": [[a, x, f(special.gammaincc(a, x))] for a, x in gam],
        "tTwoSided": [[t, df, f(2 * stats.t.sf(abs(t), df))] for t, df in tt],
        "tQuantile": [[p, df, f(stats.t.ppf(p, df))] for p, df in tq],
        "chi2Sf": [[x, df, f(stats.chi2.sf(x, df))] for x, df in ch],
    }


# --- tests on small hand-made data ---------------------------------------------------------------

def tests():
    rng = np.random.default_rng(7)
    a = np.round(rng.normal(10, 3, 37), 3)
    b = np.round(rng.normal(8.5, 5, 52), 3)
    t = stats.ttest_ind(a, b, equal_var=False)
    sp = math.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    r = stats.pointbiserialr(np.r_[np.ones(len(a)), np.zeros(len(b))], np.r_[a, b])
    table = [[12, 30], [25, 18], [7, 9], [0, 0]]
    chi = stats.chi2_contingency(np.array(table[:3]), correction=False)
    ps = [0.01, 0.04, 0.03, 0.005, 0.5, float("nan"), 0.2]
    gof = stats.chisquare([2960, 3050, 3120], [3043.3333333333335] * 3)
    tint = stats.t.interval(0.95, len(a) - 1, loc=a.mean(), scale=stats.sem(a))
    z, zp = ztest(130, 1000, 100, 1000)
    # Delta method for mv/mc − 1 from unpooled standard errors.
    mv, mc, sv, sc = 0.13, 0.10, math.sqrt(0.13 * 0.87 / 1000), math.sqrt(0.1 * 0.9 / 1000)
    lse = math.sqrt(sv**2 / mc**2 + mv**2 * sc**2 / mc**4)
    zq = stats.norm.ppf(0.975)
    return {
        "a": a.tolist(),
        "b": b.tolist(),
        "welch": {"t": f(t.statistic), "p": f(t.pvalue)},
        "cohenD": f((a.mean() - b.mean()) / sp),
        "pointBiserial": f(r.statistic),
        "table": table,
        "chi2": {"chi2": f(chi.statistic), "p": f(chi.pvalue), "df": int(chi.dof), "cramersV": f(math.sqrt(chi.statistic / (np.sum(table) * 1)))},
        "bh": {"p": [None if math.isnan(p) else p for p in ps], "q": [f(q) for q in bh(ps)]},
        "gof": {"chi2": f(gof.statistic), "p": f(gof.pvalue)},
        "tInterval": [f(tint[0]), f(tint[1])],
        "wilson": [f(v) for v in wilson(130, 1000, 0.05)],
        "ztest": {"z": f(z), "p": f(zp)},
        "lift": {"lift": mv / mc - 1, "low": mv / mc - 1 - zq * lse, "high": mv / mc - 1 + zq * lse},
        "mde": f((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * math.sqrt(0.09 * (1 / 1000 + 1 / 1200))),
    }


# --- P(best) and expected loss by quadrature ------------------------------------------------------

def prob_best(dists):
    """dists: frozen scipy distributions; P(k best) and E[max] - E[k], with quad over each arm's range."""
    out_p, e_max = [], 0.0
    for k, d in enumerate(dists):
        lo, hi = d.ppf(1e-15), d.isf(1e-15)

        def dens(x, k=k, d=d):
            v = d.pdf(x)
            for j, o in enumerate(dists):
                if j != k:
                    v *= o.cdf(x)
            return v

        kw = dict(limit=500, epsabs=1e-14, epsrel=1e-12)
        pts = [float(o.mean() + m * o.std()) for o in dists for m in (-2, 0, 2)]
        pts = [x for x in pts if lo < x < hi] or None
        out_p.append(integrate.quad(dens, lo, hi, points=pts, **kw)[0])
        e_max += integrate.quad(lambda x: x * dens(x), lo, hi, points=pts, **kw)[0]
    return out_p, [e_max - float(d.mean()) for d in dists]


def bayes_cases():
    cases = []
    for arms in [[(100, 1000), (130, 1000)], [(10, 90), (12, 95), (4, 80)], [(1200, 12000), (1210, 12000), (1500, 12100)]]:
        p, loss = prob_best([stats.beta(1 + s, 1 + n - s) for s, n in arms])
        cases.append({"kind": "beta", "arms": arms, "probBest": p, "expectedLoss": loss})
    for arms in [[(10.0, 0.5), (10.6, 0.4)], [(100.0, 3.0), (99.0, 0.2), (104.0, 2.0)]]:
        p, loss = prob_best([stats.norm(m, s) for m, s in arms])
        cases.append({"kind": "normal", "arms": arms, "probBest": p, "expectedLoss": loss})
    return cases


# --- the ab-test op on the sample experiment -----------------------------------------------------

def read_csv(name):
    with open(os.path.join(ROOT, "public", "samples", name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def ab_readout(units, metric, control, alpha=0.05, pre=None, binary=None):
    """units: {id: (variant, value, pre)}; the op's definition, written out with scipy/statsmodels."""
    names = sorted({v for v, _, _ in units.values()}, key=lambda n: (n != control, n))
    y = np.array([u[1] for u in units.values()], dtype=float)
    var = np.array([u[0] for u in units.values()])
    cuped = None
    if pre:
        x = np.array([np.nan if u[2] is None else u[2] for u in units.values()], dtype=float)
        xm = np.nanmean(x)
        x = np.where(np.isnan(x), xm, x)
        theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1)
        adj = y - theta * (x - xm)
        cuped = {"theta": float(theta), "varianceReduction": float(1 - adj.var(ddof=1) / y.var(ddof=1))}
        y = adj
    is_bin = binary and cuped is None
    z = stats.norm.ppf(1 - alpha / 2)
    groups = {n: y[var == n] for n in names}
    c = groups[control]

    def se(g):
        return math.sqrt(g.mean() * (1 - g.mean()) / len(g)) if is_bin else stats.sem(g)

    if is_bin:
        p_best, loss = prob_best([stats.beta(1 + g.sum(), 1 + len(g) - g.sum()) for g in groups.values()])
    else:
        p_best, loss = prob_best([stats.norm(g.mean(), stats.sem(g)) for g in groups.values()])
    rows = []
    for k, n in enumerate(names):
        g = groups[n]
        if is_bin:
            lo, hi = wilson(g.sum(), len(g), alpha)
        else:
            lo, hi = stats.t.interval(1 - alpha, len(g) - 1, loc=g.mean(), scale=stats.sem(g))
        row = {"variant": n, "n": len(g), "mean": f(g.mean()), "ci_low": f(lo), "ci_high": f(hi), "prob_best": f(p_best[k]), "expected_loss": f(loss[k])}
        if n == control:
            row.update(lift=None, lift_ci_low=None, lift_ci_high=None, p=None, mde=None)
        else:
            lift = g.mean() / c.mean() - 1
            lse = math.sqrt(se(g) ** 2 / c.mean() ** 2 + g.mean() ** 2 * se(c) ** 2 / c.mean() ** 4)
            p = ztest(g.sum(), len(g), c.sum(), len(c))[1] if is_bin else stats.ttest_ind(g, c, equal_var=False).pvalue
            sigma2 = c.mean() * (1 - c.mean()) if is_bin else c.var(ddof=1)
            m = (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(0.8)) * math.sqrt(sigma2 * (1 / len(c) + 1 / len(g)))
            row.update(lift=f(lift), lift_ci_low=f(lift - z * lse), lift_ci_high=f(lift + z * lse), p=f(p), mde=f(m))
        rows.append(row)
    counts = [len(groups[n]) for n in names]
    srm = stats.chisquare(counts, [sum(counts) / len(counts)] * len(counts))
    return {"arms": rows, "srm": {"chi2": f(srm.statistic), "p": f(srm.pvalue)}, "cuped": cuped}


def experiment():
    rows = read_csv("experiment.csv")
    seen = {}
    for r in rows:
        seen.setdefault(r["user_id"], set()).add(r["variant"])
    mixed = {u for u, v in seen.items() if len(v) > 1}
    # One row per unit once mixed units are out: the metric summed over its rows (0/1: the largest).
    conv, rev = {}, {}
    for r in rows:
        u = r["user_id"]
        if u in mixed:
            continue
        pre = float(r["pre_revenue"]) if r["pre_revenue"] else None
        c = conv.get(u, (r["variant"], 0.0, pre))
        conv[u] = (r["variant"], max(c[1], float(r["converted"])), pre)
        v = rev.get(u, (r["variant"], 0.0, pre))
        rev[u] = (r["variant"], v[1] + float(r["revenue"]), pre)
    return {
        "mixedUnits": len(mixed),
        "units": len(conv),
        "converted": ab_readout(conv, "converted", "control", binary=True),
        "revenue": ab_readout(rev, "revenue", "control", binary=False),
        "revenueCuped": ab_readout(rev, "revenue", "control", pre=True, binary=False),
        "convertedCuped": ab_readout(conv, "converted", "control", pre=True, binary=True),
        "alpha01": ab_readout(conv, "converted", "control", alpha=0.1, binary=True),
    }


# --- compare-segments on the sample customers ----------------------------------------------------

def compare(rows, group, a, numbers, categories):
    """The compare-segments definition with scipy: group == a vs everyone else, one row per entity."""
    ra = [r for r in rows if r[group] == a]
    rb = [r for r in rows if r[group] != a]
    out = []
    for feat in numbers:
        xa = np.array([float(r[feat]) for r in ra if r[feat] != ""])
        xb = np.array([float(r[feat]) for r in rb if r[feat] != ""])
        t = stats.ttest_ind(xa, xb, equal_var=False)
        sp = math.sqrt(((len(xa) - 1) * xa.var(ddof=1) + (len(xb) - 1) * xb.var(ddof=1)) / (len(xa) + len(xb) - 2))
        r = stats.pointbiserialr(np.r_[np.ones(len(xa)), np.zeros(len(xb))], np.r_[xa, xb]).statistic
        out.append({"feature": feat, "kind": "number", "a": f(xa.mean()), "b": f(xb.mean()), "difference": f(xa.mean() - xb.mean()),
                    "effect": f((xa.mean() - xb.mean()) / sp), "p": f(t.pvalue), "strength": f(abs(r)), "level": None})
    for feat in categories:
        levels = sorted({r[feat] for r in rows if r[feat] != ""})
        ca = [sum(1 for r in ra if r[feat] == lv) for lv in levels]
        cb = [sum(1 for r in rb if r[feat] == lv) for lv in levels]
        chi = stats.chi2_contingency(np.array([ca, cb]).T, correction=False)
        na, nb = sum(ca), sum(cb)
        gaps = [ca[i] / na - cb[i] / nb for i in range(len(levels))]
        i = int(np.argmax(np.abs(gaps)))
        v = math.sqrt(chi.statistic / ((na + nb) * (min(len(levels), 2) - 1)))
        out.append({"feature": feat, "kind": "category", "a": f(ca[i] / na), "b": f(cb[i] / nb), "difference": f(gaps[i]),
                    "effect": f(v), "p": f(chi.pvalue), "strength": f(v), "level": levels[i]})
    q = bh([o["p"] for o in out])
    for o, qq in zip(out, q):
        o["q"] = f(qq)
    out.sort(key=lambda o: (-o["strength"], o["feature"]))
    return out


def compare_customers():
    return compare(read_csv("customers.csv"), "churned", "1", ["age"], ["gender", "city", "planted_segment"])


def compare_telco():
    """Churned vs retained customers of IBM's Telco sample, where the shared data is at hand."""
    path = os.path.join(os.environ.get("CUSTODIAN_DATA", os.path.join(ROOT, "..", "shared", "data")), "churn", "Telco-Customer-Churn.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # DuckDB's CSV sniffer (as the app loads the file) types Yes/No columns as BOOLEAN: levels true / false.
    for col in rows[0]:
        if {r[col] for r in rows} <= {"Yes", "No"}:
            for r in rows:
                r[col] = "true" if r[col] == "Yes" else "false"
    numbers = ["SeniorCitizen", "tenure", "MonthlyCharges"]
    # TotalCharges holds blanks, so it loads as text with thousands of levels and is left out.
    categories = ["gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity",
                  "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract",
                  "PaperlessBilling", "PaymentMethod"]
    return compare(rows, "Churn", "true", numbers, categories)


if __name__ == "__main__":
    data = {
        "generator": "scripts/reference/stats_reference.py",
        "scipy": __import__("scipy").__version__,
        "statsmodels": __import__("statsmodels").__version__ if HAVE_SM else None,
        "distributions": distributions(),
        "tests": tests(),
        "bayes": bayes_cases(),
        "experiment": experiment(),
        "compareCustomers": compare_customers(),
        "compareTelco": compare_telco(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
        fh.write("\n")
    print(f"wrote {OUT}")
