#!/usr/bin/env bash
# The logic of the mlm-migrate GitHub Action (action.yml at the repository top): run
# `mlm-migrate --check` on the given paths, write the Markdown report, post it as ONE
# pull-request comment (found again by a hidden marker and updated with `gh api` PATCH, so a
# pull request never collects one comment per push), print the findings as workflow commands,
# and exit with mlm-migrate's exit code.
#
# Environment (set by action.yml): INPUT_PATHS (separated by spaces or newlines), INPUT_ARGS, INPUT_COMMENT,
# INPUT_ANNOTATIONS ("true"/"false"), PR_NUMBER (empty outside pull requests), GH_TOKEN, and
# the runner's GITHUB_REPOSITORY, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
# MLM_MIGRATE overrides the binary (tests point it at the build).
set -uo pipefail

MARKER='<!-- mlm-migrate-action -->'
# GitHub's comment limit, less room for the marker line
LIMIT=$((65536 - 64))

bin="${MLM_MIGRATE:-mlm-migrate}"
dir="${RUNNER_TEMP:-$(mktemp -d)}"
report="$dir/mlm-report.md"
full="$dir/mlm-report.full.md"
rm -f "$report" "$full"

# words separated by spaces or newlines (a multi-line `paths: |` input works too)
read -r -d '' -a paths <<< "${INPUT_PATHS:-.}"
read -r -d '' -a extra <<< "${INPUT_ARGS:-}"
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

"$bin" --check --report markdown --report-limit "$LIMIT" --report-file "$report" \
  "${extra[@]}" "${paths[@]}"
code=$?

if [ "${INPUT_ANNOTATIONS:-true}" = "true" ] && [ "$code" -ne 0 ]; then
  # the findings again, as workflow commands on standard error (GitHub reads them there)
  "$bin" --check --quiet --report github "${extra[@]}" "${paths[@]}" || true
fi

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >> "$GITHUB_OUTPUT"; fi
}
output exit-code "$code"
if [ -f "$report" ]; then output report "$report"; fi
if [ -f "$full" ]; then output full-report "$full"; fi
if [ -f "$report" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$report" >> "$GITHUB_STEP_SUMMARY"
fi

comment() {
  local repo="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}" body id
  body="$dir/mlm-comment.md"
  { echo "$MARKER"; cat "$report"; } > "$body"
  id=$(gh api --paginate "repos/$repo/issues/$PR_NUMBER/comments" \
    --jq ".[] | select(.body | contains(\"$MARKER\")) | .id" | head -n 1) || return 1
  if [ -n "$id" ]; then
    gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" > /dev/null
    echo "mlm-migrate: updated comment $id"
  elif [ "$code" -ne 0 ]; then
    # a first comment only when there is something to say
    gh api --method POST "repos/$repo/issues/$PR_NUMBER/comments" -F "body=@$body" > /dev/null
    echo "mlm-migrate: commented on #$PR_NUMBER"
  fi
}

if [ "${INPUT_COMMENT:-true}" = "true" ] && [ -n "${PR_NUMBER:-}" ] && [ -f "$report" ]; then
  comment || echo "::warning title=mlm-migrate::could not post the pull-request comment (does the token have pull-requests: write?)"
fi

exit "$code"
