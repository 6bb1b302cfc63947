#!/usr/bin/env bash
# Smoke test of a built bundle, run the way a user's machine would: `packaging/smoke.sh [dist/flowedit]`.
#
# Every program runs under `env -i` with only PATH=/usr/bin:/bin, a throw-away HOME and (for the editor)
# QT_QPA_PLATFORM=offscreen: no virtual environment, PYTHONPATH or Qt variable of the development set-up
# can help it. Checks, in order:
#   flowedit --version                         the CLI starts and knows its version
#   flowedit check <the bundled example>       exit 0: the example is clean (and was bundled)
#   flowedit check <a flow with a broken link> exit 1, reporting broken-link and unknown-element
#   flowedit render <the example> -o x.png     the CLI draws with Qt, headless
#   flowedit-gui --smoke                        the editor opens the bundled example and draws its canvas
# Prints each command and its output; exits 0 when all pass, else 1 naming the first failure.
set -uo pipefail

bundle=${1:-dist/flowedit}
bundle=$(cd "$bundle" 2>/dev/null && pwd) || { echo "smoke.sh: no bundle at ${1:-dist/flowedit} (run make dist)" >&2; exit 1; }
home=$(mktemp -d "${TMPDIR:-/tmp}/flowedit-smoke.XXXXXX")
trap 'rm -rf "$home"' EXIT

clean() { env -i PATH=/usr/bin:/bin HOME="$home" "$@"; }
fail() { echo "smoke.sh: FAILED: $*" >&2; exit 1; }

# run EXPECTED_EXIT COMMAND...: print it, run it, show its output, check its exit code
run() {
  local expected=$1; shift
  local shown="${*#"$bundle/"}"
  echo "\$ ${shown/#clean /env -i PATH=/usr/bin:/bin HOME=\$TMPHOME }"
  local output status
  output=$("$@" 2>&1); status=$?
  [ -n "$output" ] && printf '%s\n' "$output" | sed 's/^/  /'
  echo "  [exit $status]"
  [ "$status" -eq "$expected" ] || fail "$* exited $status, expected $expected"
  LAST_OUTPUT=$output
}

for program in flowedit flowedit-gui; do
  [ -x "$bundle/$program" ] || fail "$bundle/$program is missing or not executable"
done
example=$(find "$bundle" -type d -path '*/resources/examples/support-line' -print -quit)
[ -n "$example" ] || fail "the bundled example flow (resources/examples/support-line) is not in $bundle"

run 0 clean "$bundle/flowedit" --version
[[ $LAST_OUTPUT == "flowedit "[0-9]* ]] || fail "unexpected --version output: $LAST_OUTPUT"

run 0 clean "$bundle/flowedit" check "$example"

mkdir -p "$home/broken/agents"
cat >"$home/broken/index.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dail>+14155550100</Dail>
  <Redirect>/agents/afterdial</Redirect>
</Response>
XML
printf '<Response><Hangup/></Response>\n' >"$home/broken/agents/after-dial.xml"
run 1 clean "$bundle/flowedit" check "$home/broken"
[[ $LAST_OUTPUT == *"error broken-link"* && $LAST_OUTPUT == *"unknown-element"* ]] \
  || fail "flowedit check did not report broken-link and unknown-element"

run 0 clean "$bundle/flowedit" render "$example" -o "$home/flow.png"
[ "$(head -c 8 "$home/flow.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "render wrote no PNG"

run 0 clean QT_QPA_PLATFORM=offscreen "$bundle/flowedit-gui" --smoke
[[ $LAST_OUTPUT == *"smoke test passed"* ]] || fail "flowedit-gui --smoke did not report success"

echo "smoke.sh: all checks passed ($bundle)"
