#include "app/commands.hpp"

namespace spor::app {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"forms check", "spor forms check DIR",
       "validate a forms folder: one line per form and project, or every problem with its file and item",
       runFormsCheck},
      {"simulate", "spor simulate --data-dir DIR --children N [--seed S] [--secret-file FILE] [--volunteer NAME]",
       "fill a device store with N simulated children and their measurements (makes a demo store if there is none); "
       "the PIN comes from --secret-file or SPOR_SECRET",
       runSimulate},
      {"store status", "spor store status [--data-dir DIR]",
       "what a device store holds, without unlocking it: device, volunteers, lock-out, counts, sync", runStoreStatus},
      // Sync (cmd_sync.cpp, sync/FORMAT.md). Secrets: --secret-file FILE or SPOR_SECRET.
      {"coordinator init", "spor coordinator init --data-dir DIR --name NAME [--out FOLDER] [--secret-file FILE]",
       "create the coordinator store and keys (passphrase-protected) and write the enrolment file for devices",
       runCoordinatorInit},
      {"coordinator enrolment", "spor coordinator enrolment --data-dir DIR [--out FOLDER|FILE] [--secret-file FILE]",
       "write the enrolment file for devices again from the coordinator store (it was lost or never written)",
       runCoordinatorEnrolment},
      {"devices", "spor devices [--data-dir DIR]", "list the devices that sent bundles: approval, key fingerprint, "
       "bundles and missing numbers", runDevices},
      {"devices approve", "spor devices approve ID [--data-dir DIR] [--secret-file FILE]",
       "trust a device (after comparing its key fingerprint with the device's screen)", runDevicesApprove},
      {"device init", "spor device init --data-dir DIR --enrolment FILE --volunteer NAME [--secret-file FILE]",
       "set up this device for a coordinator from its enrolment file; the PIN is the first volunteer's", runDeviceInit},
      {"export", "spor export --data-dir DIR --out FOLDER [--volunteer NAME] [--secret-file FILE]",
       "write one signed, encrypted bundle with everything not yet acknowledged; prints its path", runExport},
      {"import", "spor import --data-dir DIR [--receipts] [--secret-file FILE] FILE|FOLDER...",
       "import bundles into the coordinator store: new, duplicates and missing numbers per bundle; with --receipts, "
       "each device's receipt is written back beside its bundles (the same USB stick)", runImport},
      {"receipt", "spor receipt --data-dir DIR --device ID --out FILE [--secret-file FILE]",
       "write a signed receipt telling a device what is safely stored", runReceipt},
      {"apply-receipt", "spor apply-receipt --data-dir DIR FILE [--purge-after-days N] [--volunteer NAME] [--secret-file FILE]",
       "mark what a coordinator's receipt confirms as acknowledged; optionally purge it after N days", runApplyReceipt},
      {"forms publish", "spor forms publish --data-dir DIR --forms FOLDER --out FILE [--note TEXT] [--secret-file FILE]",
       "sign a checked forms folder as the next form package version", runFormsPublish},
      {"forms install", "spor forms install --data-dir DIR FILE [--volunteer NAME] [--secret-file FILE]",
       "install a form package signed by this device's coordinator into DIR/forms (never an older version)",
       runFormsInstall},
      // Reports and exports from the coordinator store (cmd_report.cpp, docs/REPORT.md).
      {"report",
       "spor report --data-dir DIR --format html|json|csv --out FILE [--project ID] [--municipality NAME] "
       "[--intervention individual|group|family|bridging] [--child CODE] [--as-of YYYY-MM-DD] [--forms DIR] [--secret-file FILE]",
       "the programme report (or with --child a child's timeline) from the coordinator store", runReport},
      {"export-data",
       "spor export-data --data-dir DIR --format csv|sav|dta --out FOLDER [--project ID] [--municipality NAME] "
       "[--include-free-text] "
       "[--as-of YYYY-MM-DD] [--forms DIR] [--secret-file FILE]",
       "long and wide tables with a codebook for evaluators (CSV, SPSS, Stata); free text only when asked for",
       runExportData},
      // PIN recovery, offline (cmd_recover.cpp, docs/COORDINATOR.md).
      {"coordinator recovery-key",
       "spor coordinator recovery-key --data-dir DIR --out FOLDER|FILE [--secret-file FILE] [--key-secret-file FILE]",
       "save the recovery key to a file (a USB stick) under its own passphrase (--key-secret-file or "
       "SPOR_KEY_SECRET), for tablets whose volunteers forgot their PINs", runRecoveryKey},
      {"recover",
       "spor recover --data-dir DIR --recovery-key FILE --volunteer NAME [--key-secret-file FILE] [--secret-file FILE]",
       "give a volunteer a new PIN (--secret-file or SPOR_SECRET) with the coordinator's recovery key file; "
       "nothing on the tablet is lost", runRecover},
      // Backups (cmd_backup.cpp, docs/COORDINATOR.md).
      {"backup", "spor backup --data-dir DIR --out FOLDER|FILE [--store coordinator|device]",
       "a checked copy of the store (the coordinator's, or a device's), taken while it may be in use; still "
       "encrypted", runBackup},
      {"restore", "spor restore --data-dir DIR FILE [--store coordinator|device]",
       "check a backup and put it in place (close the app first); never another store's backup, and the store "
       "that was there is kept beside it", runRestore},
  };
  return list;
}

}  // namespace spor::app
