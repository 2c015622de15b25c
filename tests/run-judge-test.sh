#!/usr/bin/env bash
# Checks that tests/run.sh cannot report green for a run that was not: a non-zero exit status, a host that
# crashed or hung (results missing from the TRX), no TRX at all, zero tests, and a project without a minimum.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=$(mktemp -d /tmp/stagecast-judge.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
export STAGECAST_EXPECTED_TESTS="$DIR/expected.txt"
printf '# name minimum\nStagecast.A.Tests 3\n' > "$STAGECAST_EXPECTED_TESTS"

trx() { # trx FILE OUTCOME...
  local file=$1; shift
  { echo '<?xml version="1.0" encoding="utf-8"?><TestRun><Results>'
    local i=0 o
    for o in "$@"; do i=$((i + 1)); echo "<UnitTestResult testName=\"T$i\" outcome=\"$o\" />"; done
    echo '</Results></TestRun>'; } > "$file"
}
bad=0
expect() { # expect WHAT "passed failed skipped" NAME STATUS TRX
  local what=$1 want=$2 got
  got=$(bash "$ROOT/tests/run.sh" --judge "$3" "$4" "$5" 2>/dev/null)
  if [ "$got" = "$want" ]; then echo "ok: $what ($got)"; else echo "WRONG: $what: got '$got', want '$want'"; bad=1; fi
}
trx "$DIR/all.trx" Passed Passed Passed
expect "three passed" "3 0 0" Stagecast.A.Tests 0 "$DIR/all.trx"
expect "exit status 1 with every result passed" "3 1 0" Stagecast.A.Tests 1 "$DIR/all.trx"
trx "$DIR/crash.trx" Passed Passed
expect "a host that died after two of three" "2 1 0" Stagecast.A.Tests 1 "$DIR/crash.trx"
trx "$DIR/mixed.trx" Passed Failed NotExecuted Timeout
expect "failed, skipped and timed out results" "1 2 1" Stagecast.A.Tests 1 "$DIR/mixed.trx"
trx "$DIR/none.trx"
expect "zero tests" "0 4 0" Stagecast.A.Tests 0 "$DIR/none.trx"
expect "no TRX" "0 5 0" Stagecast.A.Tests 1 "$DIR/missing.trx"
expect "a project with no minimum" "3 1 0" Stagecast.B.Tests 0 "$DIR/all.trx"
# The failed tests are listed by name with the start of their message (the end of a CI log shows them).
cat > "$DIR/failed.trx" <<'XML'
<?xml version="1.0" encoding="utf-8"?><TestRun><Results>
    <UnitTestResult executionId="1" testName="Ns.Good.Passes" computerName="c" outcome="Passed" testListId="x">
      <Output><StdOut>Failed to address message &lt;Message&gt;</StdOut></Output>
    </UnitTestResult>
    <UnitTestResult executionId="2" testName="Ns.Bad.Fails(x: &quot;a&quot;)" computerName="c" outcome="Failed" testListId="x">
      <Output>
        <ErrorInfo>
          <Message>Assert.Equal() Failure
Expected: 1
Actual:   2</Message>
          <StackTrace>at Ns.Bad.Fails()</StackTrace>
        </ErrorInfo>
      </Output>
    </UnitTestResult>
    <UnitTestResult executionId="3" testName="Ns.Slow.TimesOut" computerName="c" outcome="Timeout" testListId="x" />
</Results></TestRun>
XML
want='Stagecast.A.Tests: Ns.Bad.Fails(x: "a"): Assert.Equal() Failure Expected: 1 Actual: 2
Stagecast.A.Tests: Ns.Slow.TimesOut: (no message)'
got=$(bash "$ROOT/tests/run.sh" --failures Stagecast.A.Tests "$DIR/failed.trx" 2>/dev/null)
if [ "$got" = "$want" ]; then echo "ok: failed tests listed by name and message"; else printf 'WRONG: failure list:\n%s\nwant:\n%s\n' "$got" "$want"; bad=1; fi
exit $bad
