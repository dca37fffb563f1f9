#!/bin/sh
# The coordinator's job on the command line (docs/COORDINATOR.md): the store
# found without --data-dir, receipts written back to the stick on import,
# the recovery key saved and used on a tablet whose volunteer forgot the PIN,
# backups made and restored. Every refusal leaves the files byte-identical.
# Run by CTest as sync.cli_coordinator with the spor binary as $1.
set -eu
spor="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAILED: $*" >&2; exit 1; }
# A home of its own: the remembered coordinator folder goes in its config.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
unset SPOR_SECRET SPOR_KEY_SECRET || true
sums() { find "$@" -type f | sort | xargs sha256sum; }

printf 'korrekt hest batteri\n' > coordinator.secret
printf 'blå cykel i regnvejr\n' > key.secret
printf 'forkert cykel i regnvejr\n' > wrongkey.secret
printf '204913\n' > device.secret
printf '682514\n' > newpin.secret

# Set-up somewhere other than the default folder; later commands find it.
"$spor" coordinator init --data-dir office/spor --name "Frivilligcenter Aarhus" --secret-file coordinator.secret \
  > init.txt
grep -q "find this store without --data-dir" init.txt || fail "coordinator init did not remember the folder"
grep -q "office/spor" "$XDG_CONFIG_HOME/spor/coordinator-dir" || fail "pointer file"
"$spor" devices | grep -q "No device has sent a bundle yet" || fail "devices without --data-dir"
C="--secret-file coordinator.secret"

# Two tablets, one bundle each on the stick.
mkdir usb
for t in tab1 tab2; do
  "$spor" device init --data-dir $t --secret-file device.secret --enrolment office/spor/spor-enrolment-*.sporenrol \
    --volunteer Anna > /dev/null
  "$spor" simulate --data-dir $t --secret-file device.secret --children 2 --seed 3 > /dev/null 2>&1
  b=$("$spor" export --data-dir $t --secret-file device.secret --out usb | head -n 1)
  "$spor" import $C "$b" 2> /dev/null && fail "unknown device imported"
  "$spor" devices approve $C "$(basename "$b" | cut -c6-13)" > /dev/null
done

# Import the stick and write the receipts back to it in one step.
"$spor" import $C --receipts usb > import.txt
[ "$(grep -c ': receipt ' import.txt)" = 2 ] || fail "two receipts expected: $(cat import.txt)"
[ "$(ls usb/*.sporreceipt | wc -l)" = 2 ] || fail "receipts on the stick"
for t in tab1 tab2; do
  id=$("$spor" store status --data-dir $t | sed -n 's/^  device     \([0-9a-f]\{8\}\).*/\1/p')
  "$spor" apply-receipt --data-dir $t --secret-file device.secret usb/spor-receipt-$id-*.sporreceipt \
    | grep -q "are safe at the coordinator" || fail "receipt for $t"
done

# Backup while the store is there, restore refusals, restore.
mkdir backups
"$spor" backup --out backups > backup.txt || fail "backup"
backup=$(head -n 1 backup.txt)
[ -f "$backup" ] || fail "backup file"
case "$backup" in *.sporbackup) ;; *) fail "backup name $backup" ;; esac
before=$(sums office)
head -c 5000 "$backup" > backups/cut.sporbackup
if "$spor" restore backups/cut.sporbackup 2> cut.txt; then fail "a cut backup was restored"; fi
grep -q "is damaged" cut.txt || fail "cut backup message: $(cat cut.txt)"
"$spor" backup --data-dir tab1 --out backups/tab1.sporbackup > /dev/null
if "$spor" restore --store coordinator backups/tab1.sporbackup 2> kind.txt; then fail "a tablet's backup restored"; fi
grep -q "backup of a tablet's store" kind.txt || fail "wrong-kind message: $(cat kind.txt)"
if "$spor" restore --data-dir tab2 backups/tab1.sporbackup 2> other.txt; then fail "another tablet's backup"; fi
grep -q "backup of another store" other.txt || fail "other-store message: $(cat other.txt)"
[ "$(sums office)" = "$before" ] || fail "a refused restore changed the coordinator's files"
"$spor" restore "$backup" > restore.txt || fail "restore"
grep -q "is kept as" restore.txt || fail "the replaced store is kept"
"$spor" devices | grep -c approved | grep -q 2 || fail "restored store lists the devices"

# The recovery key on a stick, and a tablet whose volunteer forgot the PIN.
"$spor" coordinator recovery-key $C --key-secret-file key.secret --out usb > key.txt
key=$(head -n 1 key.txt)
[ -f "$key" ] || fail "recovery key file"
"$spor" coordinator init --data-dir other --name "Odense" --secret-file coordinator.secret > /dev/null
"$spor" coordinator recovery-key --data-dir other $C --key-secret-file key.secret --out usb/odense.sporrecovery \
  > /dev/null
tab=$(sums tab1)
if "$spor" recover --data-dir tab1 --recovery-key "$key" --volunteer Anna --key-secret-file wrongkey.secret \
  --secret-file newpin.secret 2> wrong.txt; then fail "a wrong passphrase recovered"; fi
grep -q "does not open the recovery key file" wrong.txt || fail "wrong passphrase message: $(cat wrong.txt)"
if "$spor" recover --data-dir tab1 --recovery-key usb/odense.sporrecovery --volunteer Anna \
  --key-secret-file key.secret --secret-file newpin.secret 2> other.txt; then fail "another coordinator's key"; fi
grep -q "belongs to another coordinator" other.txt || fail "other coordinator message: $(cat other.txt)"
[ "$(sums tab1)" = "$tab" ] || fail "a refused recovery changed the tablet"
"$spor" recover --data-dir tab1 --recovery-key "$key" --volunteer Anna --key-secret-file key.secret \
  --secret-file newpin.secret | grep -q "Recovered" || fail "recover"
if "$spor" export --data-dir tab1 --secret-file device.secret --out usb 2> /dev/null; then fail "old PIN works"; fi
"$spor" simulate --data-dir tab1 --secret-file newpin.secret --children 1 --seed 4 > /dev/null 2>&1 \
  || fail "the new PIN does not unlock"
# The other coordinator made later did not take over this computer's pointer.
grep -q "office/spor" "$XDG_CONFIG_HOME/spor/coordinator-dir" || fail "pointer replaced by a second init"
echo "coordinator CLI: ok"
