#!/bin/sh
# The sync commands as a person runs them: coordinator and device set-up,
# export, import (unknown device, approval, duplicate), receipt, purge, a
# replayed receipt, form packages. Every refusal leaves the store and the
# file it was given byte-identical (sums before and after). Run by CTest as
# sync.cli_round_trip with the spor binary as $1.
set -eu
spor="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }
sums() { find "$@" -type f | sort | xargs sha256sum; }
refusals=0
# unchanged WHAT PATH... -- COMMAND...: COMMAND must fail and leave every PATH byte-identical.
unchanged() {
  what="$1"; shift
  paths=""
  while [ "$1" != "--" ]; do paths="$paths $1"; shift; done
  shift
  before=$(sums $paths)
  if "$@"; then fail "$what: not refused"; fi
  [ "$(sums $paths)" = "$before" ] || fail "$what: a refusal changed$paths"
  refusals=$((refusals + 1))
}

printf 'korrekt hest batteri\n' > coordinator.secret
printf '204913\n' > device.secret
C="--data-dir coord --secret-file coordinator.secret"
D="--data-dir dev --secret-file device.secret"

"$spor" coordinator init $C --name "Frivilligcenter Aarhus" > init.txt
grep -q "Coordinator fingerprint" init.txt || fail "coordinator init"
ls coord | grep -q setup && fail "coordinator init left a temporary file"
# A lost enrolment file is written again from the store, the same bytes.
cp coord/spor-enrolment-*.sporenrol first.sporenrol
rm coord/spor-enrolment-*.sporenrol
"$spor" coordinator enrolment $C | grep -q "Enrolment file for devices" || fail "coordinator enrolment"
cmp -s first.sporenrol coord/spor-enrolment-*.sporenrol || fail "the enrolment file written again differs"
"$spor" device init $D --enrolment coord/spor-enrolment-*.sporenrol --volunteer Anna > device.txt
"$spor" simulate $D --children 2 --seed 7 > /dev/null
mkdir usb
"$spor" export $D --out usb > export.txt
bundle=$(head -n 1 export.txt)
[ -f "$bundle" ] || fail "export printed no bundle path"
id=$(basename "$bundle" | cut -c6-13)

if "$spor" import $C "$bundle" 2> unknown.txt; then fail "an unknown device's bundle was imported"; fi
grep -q "which this coordinator does not know" unknown.txt || fail "unknown device message"
"$spor" devices --data-dir coord | grep -q PENDING || fail "device not listed as pending"
"$spor" devices approve $C "$id" > /dev/null
# Approving again says so and writes nothing.
before=$(sums coord)
"$spor" devices approve $C "$id" > again-approve.txt
grep -q "was already approved" again-approve.txt || fail "approving twice: $(cat again-approve.txt)"
[ "$(sums coord)" = "$before" ] || fail "approving twice changed the store"
# A path that does not exist: its error, and no count of "1 of 1 bundles".
unchanged "a missing path" coord -- "$spor" import $C nowhere.sporbundle 2> missing.txt
[ "$(wc -l < missing.txt)" -eq 1 ] || fail "a missing path printed more than its error: $(cat missing.txt)"
"$spor" import $C "$bundle" | grep -q "new measurements" || fail "import after approval"
"$spor" import $C "$bundle" | grep -q "already imported, nothing changed" || fail "second import"

head -c 1000 "$bundle" > usb/cut.sporbundle
unchanged "a truncated bundle" coord usb/cut.sporbundle -- "$spor" import $C usb/cut.sporbundle 2> cut.txt
grep -q "truncated" cut.txt || fail "truncated message"

# A receipt or form package that cannot be written uses up no number.
unchanged "a receipt into a missing folder" coord -- "$spor" receipt $C --device "$id" --out nowhere/r.sporreceipt 2> nowhere.txt
grep -q "does not exist" nowhere.txt || fail "missing folder message: $(cat nowhere.txt)"
unchanged "forms into a missing folder" coord -- "$spor" forms publish $C --forms "$2" --out nowhere/f.sporforms 2> /dev/null
"$spor" receipt $C --device "$id" --out usb > receipt.txt
grep -q "^Receipt 1 for device" receipt.txt || fail "the refused receipt used up a number: $(cat receipt.txt)"
receipt=$(head -n 1 receipt.txt)
"$spor" apply-receipt $D "$receipt" --purge-after-days 0 | grep -q "Purged" || fail "apply-receipt with purge"
unchanged "a replayed receipt" dev "$receipt" -- "$spor" apply-receipt $D "$receipt" 2> replay.txt
grep -q "already applied" replay.txt || fail "replayed receipt message"
"$spor" export $D --out usb | grep -q "Nothing to export" || fail "export after purge"

"$spor" forms publish $C --forms "$2" --out usb > forms.txt
grep -q "^Form package version 1," forms.txt || fail "the refused package used up a version: $(cat forms.txt)"
"$spor" forms install $D usb/spor-forms-v1.sporforms | grep -q "version 1" || fail "forms install"
unchanged "the same forms twice" dev usb/spor-forms-v1.sporforms -- "$spor" forms install $D usb/spor-forms-v1.sporforms 2> again.txt
grep -q "already installed" again.txt || fail "forms again message"
# The device's commands use the installed package from now on, checked again each time.
"$spor" simulate $D --children 1 --seed 8 2> sim.txt > /dev/null || fail "simulate with installed forms"
grep -q "installed package version 1" sim.txt || fail "simulate did not use the installed forms"
printf 'x' >> dev/forms/.spor-forms-package.sporforms
unchanged "a changed installed package" dev -- "$spor" simulate $D --children 1 --seed 9 2> sim2.txt > /dev/null
grep -q "installed forms cannot be trusted" sim2.txt || fail "changed package message: $(cat sim2.txt)"
echo "sync CLI round trip: ok; every refusal leaves the file byte-identical: $refusals refusals checked"
