# Sourced by .ci/run and scripts/test: `stage CMD...` runs CMD and then prints how many
# seconds it took, so the log shows where the time of a run goes.
stage() {
  local start=$SECONDS
  "$@"
  echo "== stage took $((SECONDS - start)) s: $*"
}
