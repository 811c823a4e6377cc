#!/usr/bin/env bash
# Fail a CI job when live Chime proxy sessions no longer match the Pulumi stack.
#
#   STACK=prod ./drift-gate.sh [PROJECT_DIR]
#
# One check writes both: the Markdown summary to $GITHUB_STEP_SUMMARY (elsewhere to
# $DRIFT_SUMMARY, default drift-summary.md, rewritten each run and printed) and the
# chime-proxy.drift/v2 JSON to $DRIFT_REPORT (default drift-report.json). Exits 0 (no
# drift), 2 (drift) or 1 (the check itself failed). Needs PULUMI_BACKEND_URL (or a
# .pulumi-state directory in the project) and PULUMI_CONFIG_PASSPHRASE.
#
# New drift only (a nightly job that notifies once per finding): set BASELINE to the
# path of the previous run's report. When it is there the check exits 2 only for
# findings it does not hold, and the summary says new, still and resolved; keep this
# run's $DRIFT_REPORT as the next run's BASELINE (nightly-drift.yml does). A known
# finding is muted by chime-proxy-drift.yaml beside Pulumi.yaml (docs/drift.md).
set -uo pipefail

: "${STACK:?set STACK to the stack to check}"
PROJECT_DIR="${1:-${PROJECT_DIR:-.}}"
CHIME_PROXY="${CHIME_PROXY:-chime-proxy}"
DRIFT_REPORT="${DRIFT_REPORT:-drift-report.json}"
DRIFT_SUMMARY="${GITHUB_STEP_SUMMARY:-${DRIFT_SUMMARY:-drift-summary.md}}"
UNMANAGED="${UNMANAGED:-fail}"
BASELINE="${BASELINE:-}"
known=()
if [ -n "$BASELINE" ] && [ -f "$BASELINE" ]; then
  known=(--baseline "$BASELINE")
fi

# GitHub's step summary collects every step's; a file of our own holds this run's only.
if [ -z "${GITHUB_STEP_SUMMARY:-}" ]; then
  : > "$DRIFT_SUMMARY"
fi
"$CHIME_PROXY" drift --stack "$STACK" --cwd "$PROJECT_DIR" --unmanaged "$UNMANAGED" \
  ${known[@]+"${known[@]}"} --json --summary-file "$DRIFT_SUMMARY" > "$DRIFT_REPORT"
rc=$?
if [ -z "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$DRIFT_SUMMARY" ]; then
  cat "$DRIFT_SUMMARY"
fi
case "$rc" in
  0) echo "drift-gate: stack $STACK matches the live sessions" >&2 ;;
  2) echo "drift-gate: ${known:+NEW }DRIFT in stack $STACK; report in $DRIFT_REPORT" >&2 ;;
  *) echo "drift-gate: the drift check failed (exit $rc)" >&2 ;;
esac
exit "$rc"
