#!/bin/sh
# The sync commands as a person runs them: coordinator and device set-up,
# export, import (unknown device, approval, duplicate), receipt, purge, a
# replayed receipt, form packages. Run by CTest as sync.cli_round_trip with
# the spor binary as $1.
set -eu
spor="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }

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
"$spor" import $C "$bundle" | grep -q "new measurements" || fail "import after approval"
"$spor" import $C "$bundle" | grep -q "already imported, nothing changed" || fail "second import"

head -c 1000 "$bundle" > usb/cut.sporbundle
if "$spor" import $C usb/cut.sporbundle 2> cut.txt; then fail "a truncated bundle was imported"; fi
grep -q "truncated" cut.txt || fail "truncated message"

"$spor" receipt $C --device "$id" --out usb > receipt.txt
receipt=$(head -n 1 receipt.txt)
"$spor" apply-receipt $D "$receipt" --purge-after-days 0 | grep -q "Purged" || fail "apply-receipt with purge"
if "$spor" apply-receipt $D "$receipt" 2> replay.txt; then fail "a replayed receipt was applied"; fi
grep -q "already applied" replay.txt || fail "replayed receipt message"
"$spor" export $D --out usb | grep -q "Nothing to export" || fail "export after purge"

"$spor" forms publish $C --forms "$2" --out usb > forms.txt
"$spor" forms install $D usb/spor-forms-v1.sporforms | grep -q "version 1" || fail "forms install"
if "$spor" forms install $D usb/spor-forms-v1.sporforms 2> again.txt; then fail "same forms twice"; fi
grep -q "already installed" again.txt || fail "forms again message"
# The device's commands use the installed package from now on, checked again each time.
"$spor" simulate $D --children 1 --seed 8 2> sim.txt > /dev/null || fail "simulate with installed forms"
grep -q "installed package version 1" sim.txt || fail "simulate did not use the installed forms"
printf 'x' >> dev/forms/.spor-forms-package.sporforms
if "$spor" simulate $D --children 1 --seed 9 2> sim2.txt > /dev/null; then fail "a changed package was used"; fi
grep -q "installed forms cannot be trusted" sim2.txt || fail "changed package message: $(cat sim2.txt)"
echo "sync CLI round trip: ok"
