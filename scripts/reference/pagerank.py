#!/usr/bin/env python3
"""
Reference PageRank for the `graph` op's test (src/lib/graph/network.test.ts), computed once with
networkx and committed as src/lib/graph/fixtures/retail-pagerank.json. CI runs no Python.

The graph is the op's co-purchase network, built here the same way from the Online Retail data
set (UCI): distinct (invoice, stock code) pairs of the invoices dated in [--since, --until), item
pairs sharing at least --min-count invoices, weight = that count, undirected. PageRank is networkx's
with damping 0.85, fully converged (tol 1e-10; networkx stops when the L1 change < N * tol).

    python3 scripts/reference/pagerank.py ../shared/data/retail/online_retail.csv \
        src/lib/graph/fixtures/retail-pagerank.json
"""
import argparse
import csv
import itertools
import json
from collections import Counter, defaultdict

import networkx as nx


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('csv')
    ap.add_argument('out')
    ap.add_argument('--since', default='2010-12-01')
    ap.add_argument('--until', default='2011-01-01')
    ap.add_argument('--min-count', type=int, default=20)
    args = ap.parse_args()

    baskets: dict[str, set[str]] = defaultdict(set)
    with open(args.csv, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if args.since <= row['InvoiceDate'] < args.until and row['InvoiceNo'] and row['StockCode']:
                baskets[row['InvoiceNo']].add(row['StockCode'])
    pairs: Counter[tuple[str, str]] = Counter()
    for items in baskets.values():
        pairs.update(itertools.combinations(sorted(items), 2))
    edges = sorted((s, t, c) for (s, t), c in pairs.items() if c >= args.min_count)

    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    ranks = nx.pagerank(graph, alpha=0.85, tol=1e-10, max_iter=10_000, weight='weight')
    nodes = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    fixture = {
        'about': (f'Online Retail (UCI), invoices dated {args.since} to before {args.until}; pairs in >= {args.min_count} '
                  f'invoices, weight = count. PageRank by networkx {nx.__version__} (alpha 0.85, tol 1e-10). '
                  'Made by scripts/reference/pagerank.py.'),
        'nodes': nodes,
        'edges': [[index[s], index[t], c] for s, t, c in edges],
        'pagerank': [ranks[n] for n in nodes],
    }
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print(f'{len(nodes)} nodes, {len(edges)} edges -> {args.out}')


if __name__ == '__main__':
    main()
