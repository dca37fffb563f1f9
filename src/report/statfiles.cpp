// SPSS .sav and Stata .dta files, written with ReadStat (libreadstat). The
// only file that includes readstat.h.
//
// Format limits handled here: variable names are already valid (export.cpp);
// Stata variable labels hold 80 characters, so a .dta gets each variable's
// shortLabel (unique, made in export.cpp) and keeps the full label in the
// variable's notes (the characteristics varname[note0], varname[note1],
// which ReadStat cannot write, so they are added to the finished file
// here); SPSS value labels hold 120 bytes, so longer ones are shortened
// with "…" (the codebook has them in full); SPSS document lines hold 80
// bytes, so notes are wrapped. Stata files are version 118 (Stata 14 and
// later), which stores UTF-8 text.
//
// Missing codes (export.hpp, kMissingCodes): in .sav the variable declares
// -1, -8 and -9 as its missing values; in .dta they are written as the
// extended missing values .a, .b and .c, with their labels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <readstat.h>

#include "core/private_files.hpp"
#include "report/export.hpp"
#include "report/format.hpp"
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

std::string shorten(const std::string& text, std::size_t maxChars, std::size_t maxBytes) {
  return shortenText(text, maxChars, maxBytes);
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
    sink_.file = core::openPrivateCFile(tmp);
    if (!sink_.file) throw ReportError({Msg::ReportFolderNotWritable, {{"path", path_}}});
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
      throw ReportError({Msg::ReportDiskFull, {{"path", path_}}});
    }
    if (kind_ == Kind::Dta) {
      try {
        addVariableNotes(tmp);
      } catch (...) {
        std::remove(tmp.c_str());
        throw;
      }
    }
    std::error_code ec;
    fs::rename(tmp, path_, ec);
    if (ec) {
      std::remove(tmp.c_str());
      fail(ec.message());
    }
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw ReportError({Msg::ReportWriteFailed, {{"path", path_}, {"reason", why}}});
  }

  // Stata keeps a variable's notes as its characteristics note0 (how many)
  // and note1 (the text). ReadStat writes only the file's own notes
  // (_dta[noteN]), so the variables' are added to the written file: inserted
  // before </characteristics>, and the file map's later offsets moved on.
  void addVariableNotes(const std::string& file) const {
    std::string entries;
    for (const Variable& v : table_.variables) {
      if (v.shortLabel == v.label) continue;
      entries += characteristic(v.name, "note1", v.label);
      entries += characteristic(v.name, "note0", "1");
    }
    if (entries.empty()) return;
    std::string bytes;
    {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      bytes = s.str();
    }
    const std::string close = "</characteristics>";
    const std::string mapTag = "<map>";
    const auto at = bytes.find(close);
    const auto map = bytes.find(mapTag);
    if (at == std::string::npos || map == std::string::npos || map + mapTag.size() + 14 * 8 > bytes.size())
      fail("internal error: the .dta file has no characteristics or map section");
    // The map: 14 little-endian 64-bit offsets (format 118); those past the
    // insertion point move by its size.
    for (std::size_t i = 0; i < 14; ++i) {
      const std::size_t pos = map + mapTag.size() + 8 * i;
      std::uint64_t offset = 0;
      for (std::size_t b = 0; b < 8; ++b)
        offset |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[pos + b])) << (8 * b);
      if (offset < at) continue;
      offset += entries.size();
      for (std::size_t b = 0; b < 8; ++b) bytes[pos + b] = static_cast<char>((offset >> (8 * b)) & 0xFF);
    }
    bytes.insert(at, entries);
    std::ofstream out = core::openPrivateFile(file);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw ReportError({Msg::ReportDiskFull, {{"path", path_}}});
  }

  // <ch>, a 4-byte length, the variable's and the characteristic's names in
  // 129 bytes each, the text with its NUL, </ch> (dta format 118).
  static std::string characteristic(const std::string& variable, const std::string& name, const std::string& text) {
    constexpr std::size_t kNameBytes = 129;
    std::string ch = "<ch>";
    const auto len = static_cast<std::uint32_t>(2 * kNameBytes + text.size() + 1);
    for (std::size_t b = 0; b < 4; ++b) ch += static_cast<char>((len >> (8 * b)) & 0xFF);
    std::string field = variable.substr(0, kNameBytes - 1);
    field.resize(kNameBytes, '\0');
    ch += field;
    field = name;
    field.resize(kNameBytes, '\0');
    ch += field;
    ch += text;
    ch += '\0';
    return ch + "</ch>";
  }

  void check(readstat_error_t e, const std::string& what) const {
    if (e != READSTAT_OK) fail(what + ": " + readstat_error_message(e));
  }

  std::string varLabel(const Variable& v) const {
    return kind_ == Kind::Dta ? shorten(v.shortLabel.empty() ? v.label : v.shortLabel, 80, 320)
                              : shorten(v.label, 255, 255);
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
        for (const auto& [value, label] : set->labels) {
          const MissingCode* missing = missingCodeOf(value);
          if (missing && kind_ == Kind::Dta)
            readstat_label_tagged_value(rs, missing->stataTag, valueLabel(label).c_str());
          else
            readstat_label_int32_value(rs, value, valueLabel(label).c_str());
        }
        sets[v.valueLabels] = rs;
      }
      readstat_variable_t* rv = readstat_add_variable(w, v.name.c_str(), type, width);
      readstat_variable_set_label(rv, varLabel(v).c_str());
      if (v.userMissing && kind_ == Kind::Sav)
        for (const auto& m : kMissingCodes)
          check(readstat_variable_add_missing_double_value(rv, m.code), "missing values of '" + v.name + "'");
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
        } else if (const MissingCode* missing = table_.variables[col].userMissing && kind_ == Kind::Dta
                                                    ? missingCodeOf(std::get<double>(cell))
                                                    : nullptr) {
          check(readstat_insert_tagged_missing_value(w, rv, missing->stataTag), "missing value");
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
