#pragma once
// Reads and validates a forms folder (forms/README.md). Every problem names
// the file, the item or field, and what is wrong; all problems are collected,
// not just the first, so a form author can fix a file in one pass.
#include <stdexcept>
#include <string>
#include <vector>

#include "core/forms.hpp"

namespace spor::core {

struct Problem {
  std::string file;   // path as given, e.g. "forms/child/barn.json"
  std::string where;  // "item 'psykisk_3'", "field 'version'", or empty for the whole file
  std::string message;

  // "forms/child/barn.json: item 'psykisk_3': unknown scale 'frequncy4' (known: agreement4, frequency4)"
  [[nodiscard]] std::string str() const;
};

struct FormCheck {
  FormSet forms;                  // what could be read; complete only when ok()
  std::vector<Problem> problems;  // empty when every file is valid

  [[nodiscard]] bool ok() const { return problems.empty(); }
};

class FormError : public std::runtime_error {
 public:
  explicit FormError(std::vector<Problem> problems);
  [[nodiscard]] const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// Reads every *.json file below `dir` and validates each one and the links
// between them. Never throws for a problem in the files; a folder that does
// not exist is reported as a problem too.
[[nodiscard]] FormCheck checkForms(const std::string& dir);

// Like checkForms, but throws FormError listing every problem.
[[nodiscard]] FormSet loadForms(const std::string& dir);

// Reads the same from in-memory files (path -> JSON text), for signed form
// packages that arrive as one file and are validated before they are installed.
[[nodiscard]] FormCheck checkFormFiles(const std::vector<std::pair<std::string, std::string>>& files,
                                       const std::string& label);

}  // namespace spor::core
