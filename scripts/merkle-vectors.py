#!/usr/bin/env python3
"""Writes Tests/Fixtures/checkpoint/rfc9162-vectors.json: roots, inclusion and consistency
proofs for trees of 1 to 64 leaves, computed straight from the recursive definitions of
RFC 9162 §2.1 (MTH, PATH, PROOF/SUBPROOF), independently of ddbaudit's Swift code.

Leaves 0-7 are transparency-dev/merkle's test leaves; leaf i >= 8 is bytes([i]) * (i % 7 + 1).
Each size's proofs are listed in full for sizes 1-8; for every size, the SHA-256 of all its
proofs (each proof: its element count as one byte, then its hashes) is given too.
Run: python3 scripts/merkle-vectors.py > Tests/Fixtures/checkpoint/rfc9162-vectors.json
"""
import hashlib, json

def h(b): return hashlib.sha256(b).digest()
def leaf(d): return h(b"\x00" + d)
def node(l, r): return h(b"\x01" + l + r)
def k_of(n):
    k = 1
    while k * 2 < n: k *= 2
    return k
def mth(d):
    if len(d) == 0: return h(b"")
    if len(d) == 1: return leaf(d[0])
    k = k_of(len(d))
    return node(mth(d[:k]), mth(d[k:]))
def path(m, d):
    if len(d) <= 1: return []
    k = k_of(len(d))
    if m < k: return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]
def subproof(m, d, b):
    n = len(d)
    if m == n: return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]
def proof(m, d): return subproof(m, d, True)

base = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
        bytes.fromhex("5051525354555657"), bytes.fromhex("606162636465666768696a6b6c6d6e6f")]
leaves = base + [bytes([i]) * (i % 7 + 1) for i in range(8, 64)]

def digest(proofs):
    x = hashlib.sha256()
    for p in proofs:
        x.update(bytes([len(p)]))
        for e in p: x.update(e)
    return x.hexdigest()

sizes = []
for n in range(1, 65):
    d = leaves[:n]
    inc = [path(i, d) for i in range(n)]
    con = [proof(m, d) for m in range(1, n)]
    entry = {"size": n, "root": mth(d).hex(), "inclusionSHA256": digest(inc), "consistencySHA256": digest(con)}
    if n <= 8:
        entry["inclusion"] = [[e.hex() for e in p] for p in inc]
        entry["consistency"] = [[e.hex() for e in p] for p in con]
    sizes.append(entry)
print(json.dumps({"leaves": [l.hex() for l in leaves], "sizes": sizes}, indent=1))
