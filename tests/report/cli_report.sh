#!/bin/sh
# spor report and spor export-data as a person runs them: set-up, simulate,
# export, import, then every output format, and every bad input: a clear
# message, exit code 1 (bad input) or 2 (wrongly called), and nothing
# written. Run by CTest as report.cli with the spor binary as $1.
set -eu
spor="$1"
work=$(mktemp -d)
umask 022
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }

printf 'korrekt hest batteri\n' > coordinator.secret
printf 'forkert hest batteri\n' > wrong.secret
printf '204913\n' > device.secret
C="--data-dir coord --secret-file coordinator.secret"
D="--data-dir dev --secret-file device.secret"

"$spor" coordinator init $C --name "Frivilligcenter Aarhus" > /dev/null
"$spor" device init $D --enrolment coord/spor-enrolment-*.sporenrol --volunteer Anna > /dev/null
"$spor" simulate $D --children 30 --seed 5 > /dev/null
mkdir usb out
bundle=$("$spor" export $D --out usb | head -n 1)
id=$(basename "$bundle" | cut -c6-13)
"$spor" import $C "$bundle" 2> /dev/null && fail "an unknown device's bundle was imported"
"$spor" devices approve $C "$id" > /dev/null
"$spor" import $C "$bundle" > /dev/null

# The outputs.
for f in html json csv; do
  "$spor" report $C --format $f --out out/report.$f --as-of 2026-03-01 > report.txt || fail "report --format $f"
  [ -s out/report.$f ] || fail "no report.$f"
done
grep -q "Wrote the report 'Alle projekter'" report.txt || fail "report summary line"
grep -q "^Read 30 children, " report.txt || fail "report read line: $(cat report.txt)"
grep -q '"format": *"spor-report/1"' out/report.json || fail "json format id"
grep -q "<svg" out/report.html || fail "html without charts"
"$spor" report $C --format html --out out/strom.html --project strom --intervention individual > /dev/null \
  || fail "report --project --intervention"
for f in csv sav dta; do
  "$spor" export-data $C --format $f --out out/export-$f > export.txt || fail "export-data --format $f"
  for t in spor_long spor_wide spor_fidelity; do [ -s out/export-$f/$t.$f ] || fail "no $t.$f"; done
  [ -s out/export-$f/spor_codebook.csv ] || fail "no codebook ($f)"
  [ -s out/export-$f/spor_codebook.md ] || fail "no Markdown codebook ($f)"
done

# Children's data are for their owner only, whatever the umask: the data
# folders the CLI made, a report, an export and the folder it made.
mode() { stat -c %a "$1"; }
[ "$(mode coord)" = 700 ] || fail "coordinator data folder is $(mode coord), not 700"
[ "$(mode dev)" = 700 ] || fail "device data folder is $(mode dev), not 700"
for f in out/report.html out/report.json out/report.csv out/export-sav/spor_wide.sav out/export-dta/spor_long.dta \
         out/export-csv/spor_codebook.csv out/export-csv/spor_codebook.md; do
  [ "$(mode "$f")" = 600 ] || fail "$f is $(mode "$f"), not 600"
done
[ "$(mode out/export-csv)" = 700 ] || fail "the export folder is $(mode out/export-csv), not 700"
[ "$(mode out)" != 700 ] || fail "an existing folder (out) was changed to 700"
grep -q "rows to" export.txt || fail "export summary line"
ls -A out/export-csv | grep -q partial && fail "a temporary file was left behind"
code=$(sed -n 's/^\([A-Z0-9]\{2\}-[A-Z0-9]\{4\}\),.*/\1/p' out/export-csv/spor_wide.csv | head -n 1)
[ -n "$code" ] || fail "no child code in the wide table"
"$spor" report $C --format html --out out/child.html --child "$code" | grep -q "timeline of child $code" \
  || fail "report --child"

# Every bad input: the exit code, a message that names the problem, and no file.
# expect CODE MESSAGE TARGET -- ARGS...
expect() {
  want=$1 message=$2 target=$3
  shift 4
  set +e
  "$spor" "$@" > stdout.txt 2> stderr.txt
  got=$?
  set -e
  [ "$got" = "$want" ] || { cat stderr.txt >&2; fail "exit $got, not $want: spor $*"; }
  grep -qF -- "$message" stderr.txt || { cat stderr.txt >&2; fail "message '$message' missing: spor $*"; }
  [ -e "$target" ] && fail "$target was written: spor $*"
  return 0
}
expect 2 "--format must be html, json or csv, not 'pdf'" out/x.pdf -- report $C --format pdf --out out/x.pdf
expect 2 "--format must be csv, sav or dta, not 'xlsx'" out/x -- export-data $C --format xlsx --out out/x
expect 1 "unknown project 'nope' (known: brobygger, cykelhjelm, empowr" out/x.html -- report $C --format html --out out/x.html --project nope
expect 1 "unknown project 'nope'" out/x -- export-data $C --format csv --out out/x --project nope
expect 2 "--intervention must be individual, group, family or bridging, not 'solo'" out/x.html -- \
  report $C --format html --out out/x.html --intervention solo
expect 1 "no child with the code 'ZZ-ZZZZ'" out/x.html -- report $C --format html --out out/x.html --child ZZ-ZZZZ
expect 2 "--as-of must be a date written YYYY-MM-DD, not '1/3/2026'" out/x.html -- \
  report $C --format html --out out/x.html --as-of 1/3/2026
expect 2 "unknown option" out/x.html -- report $C --format html --out out/x.html --projcet strom
expect 2 "option --out" out/x.html -- report $C --format html
touch out/afile
expect 1 "'out/afile' is a file, not a folder" out/afile/x.html -- report $C --format html --out out/afile/x.html
expect 1 "there is no folder 'out/nowhere'" out/nowhere/x.html -- report $C --format html --out out/nowhere/x.html
expect 1 "is a folder; give the report's file name" out/export-csv/rapport.html -- report $C --format html --out out/export-csv
expect 1 "'out/afile' is a file, not a folder" out/afile/sub -- export-data $C --format csv --out out/afile/sub
expect 1 "wrong PIN or passphrase" out/x.html -- report --data-dir coord --secret-file wrong.secret --format html --out out/x.html
expect 1 "wrong PIN or passphrase" out/x -- export-data --data-dir coord --secret-file wrong.secret --format dta --out out/x
expect 2 "needs the coordinator's passphrase" out/x.html -- report --data-dir coord --format html --out out/x.html
expect 1 "is a device's data directory (it holds device.db), not a coordinator's" out/x.html -- \
  report $D --format html --out out/x.html
expect 1 "is a device's data directory" out/x -- export-data $D --format sav --out out/x
expect 1 "there is no coordinator store in 'nothing-here'" out/x.html -- \
  report --data-dir nothing-here --secret-file coordinator.secret --format html --out out/x.html
if [ "$(id -u)" != 0 ]; then  # root writes anywhere
  mkdir readonly && chmod a-w readonly
  expect 1 "is not writable" readonly/x.html -- report $C --format html --out readonly/x.html
  expect 1 "is not writable" readonly/x -- export-data $C --format csv --out readonly/x
fi
# The right passphrase still works after the wrong ones (the count resets).
"$spor" report $C --format json --out out/again.json > /dev/null || fail "report after a wrong passphrase"
echo "report CLI: ok"
