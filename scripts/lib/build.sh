# Shared by scripts/build-python, build-sandbox and build-node (sourced, not run).
# Options: --release (default: debug), --target TRIPLE (default: this machine's),
# --out DIR (default: dist/PROFILE/TRIPLE). Sets PROFILE, TARGET, OUT, NPM_KEY, EXE, and
# for Linux targets ZIG_TARGET and WHEEL_TAG: Linux builds link with zig against the
# oldest C library of packaging/platforms.json (glibc 2.17), so one file runs everywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TERM_COLOR=never
# zig and cargo-zigbuild come from PyPI into .venv (scripts/setup).
export PATH="$PWD/.venv/bin:$PWD/.venv/Scripts:$PATH"

PROFILE=debug
TARGET=""
OUT=""
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) PROFILE=release ;;
    --target) TARGET="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    *) EXTRA+=("$1") ;;
  esac
  shift
done
[ -n "$TARGET" ] || TARGET="$(rustc -vV | sed -n 's/^host: //p')"
[ -n "$OUT" ] || OUT="dist/$PROFILE/$TARGET"
mkdir -p "$OUT"

# One line of packaging/platforms.json: npm key, .exe suffix, zig target, wheel tag.
read -r NPM_KEY EXE ZIG_TARGET WHEEL_TAG < <(python - "$TARGET" <<'PY'
import json, sys
for p in json.load(open("packaging/platforms.json"))["platforms"]:
    if p["target"] == sys.argv[1]:
        print(p["npm"], p.get("exe", "-"), p.get("zig", "-"), p.get("wheel", "-"))
        break
else:
    sys.exit(f"{sys.argv[1]} is not in packaging/platforms.json")
PY
)
[ "$EXE" != "-" ] || EXE=""
[ "$ZIG_TARGET" != "-" ] || ZIG_TARGET=""
[ "$WHEEL_TAG" != "-" ] || WHEEL_TAG=""

# maturin arguments for this target: zig and the portable wheel tag on Linux.
maturin_target_args() {
  local args=(--locked --target "$TARGET" --out "$OUT")
  [ "$PROFILE" = release ] && args+=(--release)
  [ -n "$ZIG_TARGET" ] && args+=(--zig --compatibility "$WHEEL_TAG")
  printf '%s\n' "${args[@]}"
}
