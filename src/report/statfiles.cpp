// SPSS .sav and Stata .dta files, written with ReadStat (libreadstat). The
// only file that includes readstat.h.
//
// Format limits handled here: variable names are already valid (export.cpp);
// Stata variable labels hold 80 characters and SPSS value labels 120 bytes,
// so longer texts are shortened with "…" (the codebook has them in full);
// SPSS document lines hold 80 bytes, so notes are wrapped. Stata files are
// version 118 (Stata 14 and later), which stores UTF-8 text.
#include <readstat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "report/export.hpp"
#include "report/report.hpp"

namespace spor::report {

namespace {

enum class Kind { Sav, Dta };

// Days between 1582-10-14 (SPSS's day 0) and 1970-01-01, and between
// 1960-01-01 (Stata's day 0) and 1970-01-01.
constexpr double kSpssEpochDays = 141428.0;
constexpr double kStataEpochDays = 3653.0;

struct Sink {
  std::FILE* file = nullptr;
  bool failed = false;
};

ssize_t writeBytes(const void* data, size_t len, void* ctx) {
  auto* sink = static_cast<Sink*>(ctx);
  if (std::fwrite(data, 1, len, sink->file) != len) {
    sink->failed = true;
    return -1;
  }
  return static_cast<ssize_t>(len);
}

// At most `maxChars` UTF-8 characters and `maxBytes` bytes, ending in "…"
// when shortened.
std::string shorten(const std::string& text, std::size_t maxChars, std::size_t maxBytes) {
  std::size_t chars = 0;
  for (char ch : text) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1U : 0U;
  if (chars <= maxChars && text.size() <= maxBytes) return text;
  const std::string ellipsis = "…";  // 1 character, 3 bytes
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (count + 1 > maxChars - 1 || out.size() + len + ellipsis.size() > maxBytes) break;
    out.append(text, i, len);
    i += len;
    ++count;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + ellipsis;
}

class Writer {
 public:
  Writer(const DataExport& data, const Table& table, const std::string& path, Kind kind)
      : data_(data), table_(table), path_(path), kind_(kind), writer_(readstat_writer_init(), &readstat_writer_free) {
    if (!writer_) fail("out of memory");
  }

  void write() {
    namespace fs = std::filesystem;
    const std::string tmp = path_ + ".tmp";
    sink_.file = std::fopen(tmp.c_str(), "wb");
    if (!sink_.file) throw ReportError("cannot write '" + path_ + "': the folder is not writable; choose another folder");
    try {
      writeAll();
    } catch (...) {
      std::fclose(sink_.file);
      std::remove(tmp.c_str());
      throw;
    }
    const bool closed = std::fclose(sink_.file) == 0;
    if (!closed || sink_.failed) {
      std::remove(tmp.c_str());
      fail("the disk may be full");
    }
    std::error_code ec;
    fs::rename(tmp, path_, ec);
    if (ec) {
      std::remove(tmp.c_str());
      fail(ec.message());
    }
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw ReportError("cannot write '" + path_ + "': " + why); }

  void check(readstat_error_t e, const std::string& what) const {
    if (e != READSTAT_OK) fail(what + ": " + readstat_error_message(e));
  }

  std::string varLabel(const std::string& label) const {
    return kind_ == Kind::Dta ? shorten(label, 80, 320) : shorten(label, 255, 255);
  }
  std::string valueLabel(const std::string& label) const {
    return kind_ == Kind::Dta ? shorten(label, 32000, 32000) : shorten(label, 120, 120);
  }

  // One pass over the rows: whether every value of a column fits Stata's
  // byte type (-127..100), and the widest text of each string column.
  struct ColumnStats {
    bool fitsInt8 = true;
    std::size_t width = 1;
  };
  std::vector<ColumnStats> columnStats() const {
    std::vector<ColumnStats> stats(table_.variables.size());
    table_.forEachRow([&](const Row& row) {
      for (std::size_t col = 0; col < row.size() && col < stats.size(); ++col) {
        if (const auto* d = std::get_if<double>(&row[col])) {
          if (*d < -127 || *d > 100) stats[col].fitsInt8 = false;
        } else if (const auto* s = std::get_if<std::string>(&row[col])) {
          stats[col].width = std::max(stats[col].width, s->size());
        }
      }
    });
    for (std::size_t col = 0; col < stats.size(); ++col)
      if (const ValueLabelSet* set = data_.labelSet(table_.variables[col].valueLabels))
        for (const auto& [value, label] : set->labels)
          if (value < -127 || value > 100) stats[col].fitsInt8 = false;
    return stats;
  }

  void writeAll() {
    readstat_writer_t* w = writer_.get();
    check(readstat_set_data_writer(w, &writeBytes), "set up");
    check(readstat_writer_set_file_label(w, shorten(table_.label, 64, 64).c_str()), "file label");
    if (kind_ == Kind::Dta) check(readstat_writer_set_file_format_version(w, 118), "file version");

    const std::vector<ColumnStats> stats = columnStats();
    std::map<std::string, readstat_label_set_t*> sets;
    std::vector<readstat_variable_t*> vars;
    std::vector<readstat_type_t> types;
    for (std::size_t col = 0; col < table_.variables.size(); ++col) {
      const Variable& v = table_.variables[col];
      readstat_type_t type = READSTAT_TYPE_DOUBLE;
      std::size_t width = 0;
      switch (v.type) {
        case VarType::Code: type = stats[col].fitsInt8 ? READSTAT_TYPE_INT8 : READSTAT_TYPE_INT32; break;
        case VarType::Integer: type = READSTAT_TYPE_INT32; break;
        case VarType::Real: type = READSTAT_TYPE_DOUBLE; break;
        case VarType::Date: type = kind_ == Kind::Dta ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE; break;
        case VarType::String:
          type = READSTAT_TYPE_STRING;
          width = stats[col].width;
          break;
      }
      if (!v.valueLabels.empty() && !sets.count(v.valueLabels)) {
        const ValueLabelSet* set = data_.labelSet(v.valueLabels);
        if (!set) fail("variable '" + v.name + "' names the unknown value labels '" + v.valueLabels + "'");
        readstat_label_set_t* rs = readstat_add_label_set(w, READSTAT_TYPE_INT32, set->name.c_str());
        for (const auto& [value, label] : set->labels)
          readstat_label_int32_value(rs, value, valueLabel(label).c_str());
        sets[v.valueLabels] = rs;
      }
      readstat_variable_t* rv = readstat_add_variable(w, v.name.c_str(), type, width);
      readstat_variable_set_label(rv, varLabel(v.label).c_str());
      switch (v.measure) {
        case Measure::Nominal: readstat_variable_set_measure(rv, READSTAT_MEASURE_NOMINAL); break;
        case Measure::Ordinal: readstat_variable_set_measure(rv, READSTAT_MEASURE_ORDINAL); break;
        case Measure::Scale: readstat_variable_set_measure(rv, READSTAT_MEASURE_SCALE); break;
      }
      if (v.type == VarType::Date) readstat_variable_set_format(rv, kind_ == Kind::Dta ? "%td" : "EDATE10");
      if (v.type == VarType::Real) readstat_variable_set_format(rv, kind_ == Kind::Dta ? "%9.3f" : "F8.3");
      if (!v.valueLabels.empty()) readstat_variable_set_label_set(rv, sets[v.valueLabels]);
      vars.push_back(rv);
      types.push_back(type);
    }
    for (const auto& note : data_.notes)
      for (const auto& line : wrapNote(note, 80)) readstat_add_note(w, line.c_str());

    const long rows = static_cast<long>(table_.size());
    check(kind_ == Kind::Dta ? readstat_begin_writing_dta(w, &sink_, rows) : readstat_begin_writing_sav(w, &sink_, rows),
          "start");
    check(readstat_validate_metadata(w), "metadata");
    for (std::size_t col = 0; col < vars.size(); ++col)
      check(readstat_validate_variable(w, vars[col]), "variable '" + table_.variables[col].name + "'");

    std::size_t written = 0;
    table_.forEachRow([&](const Row& row) {
      if (++written > table_.size()) fail("internal error: the table has more rows than it said");
      check(readstat_begin_row(w), "row");
      for (std::size_t col = 0; col < vars.size(); ++col) {
        const Cell& cell = row[col];
        readstat_variable_t* rv = vars[col];
        if (std::holds_alternative<std::monostate>(cell)) {
          check(readstat_insert_missing_value(w, rv), "missing value");
        } else if (const auto* s = std::get_if<std::string>(&cell)) {
          check(readstat_insert_string_value(w, rv, s->c_str()), "text in '" + table_.variables[col].name + "'");
        } else {
          double d = std::get<double>(cell);
          if (table_.variables[col].type == VarType::Date)
            d = kind_ == Kind::Dta ? d + kStataEpochDays : (d + kSpssEpochDays) * 86400.0;
          switch (types[col]) {
            case READSTAT_TYPE_INT8:
              check(readstat_insert_int8_value(w, rv, static_cast<int8_t>(std::llround(d))), "value");
              break;
            case READSTAT_TYPE_INT32:
              check(readstat_insert_int32_value(w, rv, static_cast<int32_t>(std::llround(d))), "value");
              break;
            default: check(readstat_insert_double_value(w, rv, d), "value"); break;
          }
        }
      }
      check(readstat_end_row(w), "row");
    });
    if (written != table_.size()) fail("internal error: the table has fewer rows than it said");
    check(readstat_end_writing(w), "finish");
  }

  const DataExport& data_;
  const Table& table_;
  std::string path_;
  Kind kind_;
  std::unique_ptr<readstat_writer_t, void (*)(readstat_writer_t*)> writer_;
  Sink sink_;
};

}  // namespace

void writeSav(const DataExport& data, const Table& table, const std::string& path) {
  Writer(data, table, path, Kind::Sav).write();
}

void writeDta(const DataExport& data, const Table& table, const std::string& path) {
  Writer(data, table, path, Kind::Dta).write();
}

}  // namespace spor::report
