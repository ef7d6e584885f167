"""Unified diffs in near-linear time, for `fmt --check` on files of any length.

`difflib.unified_diff` is quadratic when a file has thousands of short changes (a formatter that
puts a blank line between 5,000 `@string` lines): each matching line splits the problem in two
and the halves are scanned again. Here lines that occur exactly once in both texts are anchors
(patience diff); their longest increasing run cuts the texts into small gaps, and only the gaps go
to difflib. A gap too large for difflib is shown as one replacement, which is still a correct diff.

    >>> print(unified(["a\\n", "b\\n"], ["a\\n", "c\\n"], "a/f", "b/f"), end="")
    --- a/f
    +++ b/f
    @@ -1,2 +1,2 @@
     a
    -b
    +c
"""
from __future__ import annotations

import bisect
import difflib
from collections import Counter

MAX_GAP_WORK = 200_000  # lines x lines handed to difflib for one gap


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """(i, j) pairs of lines unique in both texts, increasing in both i and j (the longest such run)."""
    ca, cb = Counter(a), Counter(b)
    where_b = {line: j for j, line in enumerate(b) if cb[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if ca[line] == 1 and line in where_b]
    tails: list[int] = []       # smallest j ending an increasing run of each length
    tail_at: list[int] = []     # index into pairs of that run's end
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        n = bisect.bisect_left(tails, j)
        back[k] = tail_at[n - 1] if n else -1
        if n == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[n], tail_at[n] = j, k
    out, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _gap(a: list[str], b: list[str], i0: int, i1: int, j0: int, j1: int) -> list[tuple]:
    while i0 < i1 and j0 < j1 and a[i0] == b[j0]:  # common prefix and suffix cost nothing
        i0, j0 = i0 + 1, j0 + 1
    tail_a, tail_b = i1, j1
    while tail_a > i0 and tail_b > j0 and a[tail_a - 1] == b[tail_b - 1]:
        tail_a, tail_b = tail_a - 1, tail_b - 1
    if i0 == tail_a and j0 == tail_b:
        return []
    if i0 == tail_a or j0 == tail_b:  # only insertions or only deletions: nothing to match
        return [("insert" if i0 == tail_a else "delete", i0, tail_a, j0, tail_b)]
    if (tail_a - i0) * (tail_b - j0) > MAX_GAP_WORK:
        return [("replace", i0, tail_a, j0, tail_b)]
    matcher = difflib.SequenceMatcher(None, a[i0:tail_a], b[j0:tail_b], autojunk=False)
    return [(tag, x0 + i0, x1 + i0, y0 + j0, y1 + j0) for tag, x0, x1, y0, y1 in matcher.get_opcodes()
            if tag != "equal"]


def changes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The non-equal opcodes (tag, i0, i1, j0, j1) that turn `a` into `b`, in order."""
    out: list[tuple] = []
    i = j = 0
    for ai, bj in [*_anchors(a, b), (len(a), len(b))]:
        out.extend(_gap(a, b, i, ai, j, bj))
        i, j = ai + 1, bj + 1
    return out


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _hunks(ops: list[tuple], context: int) -> list[list[tuple]]:
    groups: list[list[tuple]] = []
    for op in ops:
        if groups and op[1] - groups[-1][-1][2] <= 2 * context:
            groups[-1].append(op)
        else:
            groups.append([op])
    return groups


def unified(a: list[str], b: list[str], fromfile: str, tofile: str, *, context: int = 3) -> str:
    """A unified diff of two lists of lines (each with its line ending), like difflib's."""
    ops = changes(a, b)
    if not ops:
        return ""
    out = [f"--- {fromfile}\n", f"+++ {tofile}\n"]
    for group in _hunks(ops, context):
        first, last = group[0], group[-1]
        a0 = max(first[1] - context, 0)
        b0 = first[3] - (first[1] - a0)  # the lines before a change are the same on both sides
        a1 = min(last[2] + context, len(a))
        b1 = last[4] + (a1 - last[2])
        out.append(f"@@ -{_range(a0, a1)} +{_range(b0, b1)} @@\n")
        i = a0
        for tag, i0, i1, j0, j1 in group:
            out.extend(" " + line for line in a[i:i0])
            out.extend("-" + line for line in a[i0:i1])
            out.extend("+" + line for line in b[j0:j1])
            i = i1
        out.extend(" " + line for line in a[i:a1])
    return "".join(out)
