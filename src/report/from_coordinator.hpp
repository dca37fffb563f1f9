#pragma once
// Fills a ReportInput from the coordinator store (sync/coordinator_store.hpp):
// the one place where the report meets imported records. Its own CMake
// target, spor_report_store, so spor_report itself stays free of SQLite and
// libsodium (docs/ARCHITECTURE.md: core -> crypto -> store -> sync -> report).
//
// What is read (docs/REPORT.md, "From the coordinator store"):
//  - children by their pseudonymous code, birth year, and the project and
//    intervention types of their latest project enrolment. A child record's
//    nickname field is never read: reports work without it, and devices do
//    not send it;
//  - finished measurements only (in progress, paused and abandoned ones are
//    counted in LoadSummary and left out), dated by the day they finished
//    (UTC), with their answers; "vil ikke svare" is kept as declined
//    (MeasurementInput::declined), apart from an item never asked;
//  - the child's latest finished background form;
//  - finished fidelity forms.
// Records deleted on a device (deletion tombstones) are gone; records purged
// on a device after the coordinator acknowledged them are kept.
#include <cstddef>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "report/input.hpp"

namespace spor::sync {
class CoordinatorStore;
}

namespace spor::report {

// What was read and what was left out, for the command line and the app.
struct LoadSummary {
  std::size_t children = 0;              // children in the input
  std::size_t finishedMeasurements = 0;  // in the input
  std::size_t unfinishedMeasurements = 0;  // in progress, paused or abandoned: left out
  std::size_t answers = 0;                 // answers with a value, in the input
  std::size_t declined = 0;                // items answered "vil ikke svare", in the input
  std::size_t backgrounds = 0;             // children with a finished background form
  std::size_t fidelity = 0;                // finished fidelity forms
  std::size_t orphans = 0;  // records whose child or measurement the store does not hold: left out
  std::vector<std::string> warnings;  // e.g. two children with the same code
};

struct LoadedInput {
  ReportInput input;
  LoadSummary summary;
};

// Reads every record of an unlocked coordinator store once, one at a time
// (CoordinatorStore::visitRecords), and returns the input for buildReport
// and buildExport with `asOf` as the report day. Children are sorted by
// code, their measurements by date, fidelity forms by project and date, and
// ties go by record id, so the same records give the same input whatever
// order their bundles were imported in. Throws store::NotUnlockedError
// when the store is locked.
[[nodiscard]] LoadedInput loadReportInput(const sync::CoordinatorStore& store, core::Date asOf);

}  // namespace spor::report
