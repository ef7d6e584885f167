"""Which findings a run shows: --write-baseline, --changed and --baseline (moved from cli.py)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from ..exitcode import Exit, for_diagnostics
from .common import Failure, write
from .options import Report


def changed_files(root: Path, ref: str) -> set[str]:
    """Paths under `root` (relative to it) that `git diff REF` touches, plus untracked files."""

    def git(*args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        except OSError as exc:
            raise Failure(f"--changed needs git: {exc.strerror or exc}") from None

    if git("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise Failure(f"--changed needs a git repository, and {root.resolve()} is not inside one")
    if ref == "HEAD" and git("rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        diff = git("ls-files", "-z")  # no commit yet: every tracked file is new
    else:
        diff = git("diff", "--name-only", "--relative", "-z", ref, "--")
    if diff.returncode != 0:
        raise Failure(f"--changed {ref}: {diff.stderr.strip() or 'git diff failed'} "
                      "(give a revision as --changed=REF, after PATH)")
    untracked = git("ls-files", "--others", "--exclude-standard", "-z")
    return {p for p in (diff.stdout + untracked.stdout).split("\0") if p}


def write_baseline(diagnostics: list, target: str, report: Report) -> Exit:
    """Record every finding as accepted; only citekb's own crash still fails the run."""
    from ..checks import baseline

    write(baseline.render(diagnostics), target)
    report.note(f"wrote {len(diagnostics)} finding(s) to {target}")
    return for_diagnostics([d for d in diagnostics if d.code in baseline.NEVER_BASELINED])


def only_changed(diagnostics: list, root: Path, ref: str, report: Report) -> list:
    from ..checks import baseline

    touched = changed_files(root, ref)
    kept = baseline.in_paths(diagnostics, touched)
    report.note(f"--changed {ref}: {len(touched)} file(s) touched; "
                f"{len(diagnostics) - len(kept)} finding(s) elsewhere not shown")
    return kept


def not_in_baseline(diagnostics: list, baseline_file: str, report: Report) -> list:
    from ..checks import baseline

    try:
        known = baseline.parse(Path(baseline_file).read_text(encoding="utf-8"), where=baseline_file)
    except OSError as exc:
        raise Failure(f"cannot read baseline {baseline_file}: {exc.strerror or exc} "
                      f"(create it with --write-baseline {baseline_file})") from None
    except (baseline.BaselineError, UnicodeDecodeError) as exc:
        raise Failure(str(exc)) from None
    result = baseline.compare(diagnostics, known)
    fixed = f"; {result.fixed} baselined finding(s) are gone (shrink it with --write-baseline)" if result.fixed else ""
    report.note(f"baseline {baseline_file}: {len(result.new)} new finding(s), {result.known} known not shown{fixed}")
    return list(result.new)
