"""Rules the runner itself reports: suppressions and internal errors."""
from __future__ import annotations

from ..registry import rule


@rule("S001", "suppression-without-reason", "error")
def suppression_without_reason(kb, ctx):
    """A suppression comment does not say why.

    What it checks:
        Every `citekb: ignore[CODE]` comment gives a reason after the bracket.

    Why it matters:
        An unexplained suppression cannot be reviewed and outlives the problem it hid. It does
        not suppress anything until it has a reason.

    Example:
        % citekb: ignore[R106]

    Fix:
        Write the reason: `% citekb: ignore[R106] -- an unpublished 1997 memo with no identifier`.
    """
    return ()


@rule("S002", "unused-suppression", "warning")
def unused_suppression(kb, ctx):
    """A suppression comment suppresses nothing.

    What it checks:
        Each suppression covers at least one finding of the codes it names, and names real codes.

    Why it matters:
        Stale suppressions hide future problems at that place and mislead readers.

    Example:
        % citekb: ignore[R105] -- the year looked odd once

    Fix:
        Remove the suppression, or correct the code it names.
    """
    return ()


@rule("S003", "expired-suppression", "warning")
def expired_suppression(kb, ctx):
    """A suppression comment is past its expiry date.

    What it checks:
        A suppression may end with `until=YYYY-MM-DD`: it applies through that day. After it (by
        the run's date: `today` in the configuration, else the clock), the suppression stops
        applying, the findings it hid are reported again, and this rule reports the suppression.
        A date that cannot be read counts as expired.

    Why it matters:
        Many suppressions stand for "not yet": a DOI the publisher has not minted, a preprint
        waiting for its journal version. An expiry turns that promise into a reminder instead of
        a permanent blind spot.

    Example:
        % citekb: ignore[R106] until=2026-01-31 -- the publisher mints the DOI in January

    Fix:
        Fix the finding the suppression hid and remove the comment, or, if the wait goes on,
        move the date forward and say why: `until=2027-01-31 -- DOI delayed, asked the editor`.
    """
    return ()


@rule("X001", "internal-error", "error")
def internal_error(kb, ctx):
    """citekb itself failed while checking.

    What it checks:
        Nothing: the runner reports a rule that crashed, so that one bug does not hide the other
        findings or print a traceback. The run exits with code 2.

    Why it matters:
        A crash is never the user's fault; it must be visible and reportable.

    Example:
        (a rule raising an exception on unusual input)

    Fix:
        Report the bug with the input that triggers it; the other findings are still valid.
    """
    return ()
