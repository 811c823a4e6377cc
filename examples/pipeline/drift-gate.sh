#!/usr/bin/env bash
# Fail a CI job when live Chime proxy sessions no longer match the Pulumi stack.
#
#   STACK=prod ./drift-gate.sh [PROJECT_DIR]
#
# Writes a Markdown summary to $GITHUB_STEP_SUMMARY (stdout elsewhere) and the
# chime-proxy.drift/v2 JSON to $DRIFT_REPORT (default drift-report.json), then exits
# 0 (no drift), 2 (drift) or 1 (the check itself failed). Needs PULUMI_BACKEND_URL
# (or a .pulumi-state directory in the project) and PULUMI_CONFIG_PASSPHRASE.
set -uo pipefail

: "${STACK:?set STACK to the stack to check}"
PROJECT_DIR="${1:-${PROJECT_DIR:-.}}"
CHIME_PROXY="${CHIME_PROXY:-chime-proxy}"
DRIFT_REPORT="${DRIFT_REPORT:-drift-report.json}"
UNMANAGED="${UNMANAGED:-fail}"

# Human-readable summary for the job page.
"$CHIME_PROXY" drift --stack "$STACK" --cwd "$PROJECT_DIR" --unmanaged "$UNMANAGED" --markdown >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
summary_rc=$?
if [ "$summary_rc" -eq 1 ]; then
  echo "drift-gate: the drift check failed (see the error above)" >&2
  exit 1
fi

# Machine-readable report for later steps (artifacts, alerts); this run decides.
"$CHIME_PROXY" drift --stack "$STACK" --cwd "$PROJECT_DIR" --unmanaged "$UNMANAGED" --json > "$DRIFT_REPORT"
rc=$?
case "$rc" in
  0) echo "drift-gate: stack $STACK matches the live sessions" >&2 ;;
  2) echo "drift-gate: DRIFT in stack $STACK; report in $DRIFT_REPORT" >&2 ;;
  *) echo "drift-gate: the drift check failed (exit $rc)" >&2 ;;
esac
exit "$rc"
