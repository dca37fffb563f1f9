#!/usr/bin/env python3
# Reference values for tests/report/test_stats.cpp and test_report.cpp.
# Run: python3 tests/report/expected_stats.py  (takes a few seconds)
# Independent reference for the paired t-test: t from the textbook formula,
# p = 2 * integral_{|t|}^inf of the Student t density, the density written
# out with math.lgamma and integrated with composite Simpson's rule
# (no incomplete beta function, no scipy). Closed forms for df = 1, 2 check it.
import math

def density(x, v):
    c = math.exp(math.lgamma((v + 1) / 2) - math.lgamma(v / 2)) / math.sqrt(v * math.pi)
    return c * (1 + x * x / v) ** (-(v + 1) / 2)

def p_two_sided(t, v, n=400000):
    a, b = 0.0, abs(t)
    h = (b - a) / n
    s = density(a, v) + density(b, v)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * density(a + i * h, v)
    return 1 - 2 * (s * h / 3)

def ttest(before, after):
    d = [y - x for x, y in zip(before, after)]
    n = len(d)
    m = sum(d) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1))
    t = m / (sd / math.sqrt(n))
    return dict(n=n, mb=sum(before)/n, ma=sum(after)/n, md=m, sd=sd, t=t, df=n-1, p=p_two_sided(t, n-1))

def show(name, r):
    print(name, {k: (round(v, 12) if isinstance(v, float) else v) for k, v in r.items()})

show("A", ttest([2.0, 2.4, 3.0, 2.6, 3.2, 2.8], [2.6, 2.8, 3.0, 3.4, 3.0, 3.4]))
r = ttest([1, 2], [2, 4]); show("df1", r); print(" closed form df1", 1 - 2/math.pi*math.atan(abs(r['t'])))
r = ttest([1, 1, 1], [2, 3, 5]); show("df2", r); print(" closed form df2", 1 - abs(r['t'])/math.sqrt(2 + r['t']**2))
show("B large effect", ttest([1.0]*5 + [1.2]*5, [3.0, 3.2, 3.4, 3.1, 3.3, 3.0, 3.5, 3.2, 3.4, 3.1]))
# Report dataset, psykisk trivsel, før -> efter: E1 E2 E4 N1 N2 N3
show("psykisk foer_efter", ttest([2.4, 3.0, 3.6, 2.4, 2.6, 1.6], [3.0, 3.0, 3.0, 2.8, 3.0, 2.2]))
show("psykisk efter_opf", ttest([3.0, 3.0], [3.4, 3.6]))
show("psykisk foer_opf", ttest([2.4, 3.6], [3.4, 3.6]))
print("psykisk means foer", sum([2.4,3.0,1.6,3.6,2.4,2.0,2.4,2.6,1.6])/9, "efter", sum([3.0,3.0,3.0,2.8,3.0,2.2])/6, "opf", sum([3.4,2.8,3.6,3.0])/4)
# selvskade (reversed), før -> efter: E1 E2 E4
show("selvskade foer_efter", ttest([8/3, 2.0, 4/3], [2.0, 7/3, 1.0]))
show("selvskade foer_opf", ttest([8/3, 4/3], [4/3, 1.0]))
show("selvmord foer_efter", ttest([2.6, 2.0, 3.2], [1.8, 2.0, 2.8]))
# by intervention: individual = N1, N3 ; family = N1, N2 (psykisk)
show("individual psykisk", ttest([2.4, 1.6], [2.8, 2.2]))
# family psykisk: N1 2.4->2.8, N2 2.6->3.0: both +0.4, sd = 0: t and p undefined

# The large-t case: 1 - 2*integral loses precision near 0, so integrate the
# upper tail directly (x = |t| / u, u in (0, 1]).
def upper_tail_p(t, v, n=400000):
    a = abs(t)
    f = lambda u: 0.0 if u == 0 else density(a / u, v) * a / (u * u)
    h = 1.0 / n
    s = f(0) + f(1)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * f(i * h)
    return 2 * s * h / 3

for name, b, a in [("C (**)", [2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 2.0, 2.4], [2.4, 2.4, 2.8, 2.6, 3.2, 3.2, 2.2, 2.4]),
                   ("D (***)", [2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 2.0, 2.4], [2.6, 2.6, 2.8, 3.0, 3.2, 3.2, 2.4, 3.0]),
                   ("B (large t)", [1.0] * 5 + [1.2] * 5, [3.0, 3.2, 3.4, 3.1, 3.3, 3.0, 3.5, 3.2, 3.4, 3.1])]:
    r = ttest(b, a)
    print(name, "t=%.12g df=%d p=%.10g" % (r['t'], r['df'], upper_tail_p(r['t'], r['df'])))

# A third check for odd df: the finite series of Abramowitz & Stegun 26.7.3,
# A(t|v) = (2/pi) (theta + sin(theta) (cos(theta) + 2/3 cos^3(theta) + ...)),
# theta = atan(|t| / sqrt(v)), p = 1 - A.
def p_odd_df(t, v):
    th = math.atan(abs(t) / math.sqrt(v))
    c, s = math.cos(th), math.sin(th)
    term = total = c
    for j in range(1, (v - 1) // 2):
        term *= (2 * j) / (2 * j + 1) * c * c
        total += term
    return 1 - 2 / math.pi * (th + (s * total if v > 1 else 0))

print("A&S 26.7.3: A df=5 p=%.12f, C df=7 p=%.12f, D df=7 p=%.10g" %
      (p_odd_df(2.313867390514, 5), p_odd_df(3.812933455813, 7), p_odd_df(9.378513834245, 7)))
