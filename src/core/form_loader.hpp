#pragma once
// Reads and validates a forms folder (forms/README.md). Every problem names
// the file, the item or field, and what is wrong; all problems are collected,
// not just the first, so a form author can fix a file in one pass.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/forms.hpp"
#include "messages/message.hpp"

namespace spor::core {

// A problem in a form file, in the message catalogue's words (core.def's
// Form* codes), so the coordinator's screens show it in Danish and the CLI in
// English.
struct Problem {
  std::string file;              // path as given, e.g. "forms/child/barn.json"
  std::optional<Message> where;  // "item 'psykisk_3'", "field 'version'"; none for the whole file
  Message message;

  // "forms/child/barn.json: item 'psykisk_3': unknown scale 'frequncy4' (known: agreement4, frequency4)"
  [[nodiscard]] std::string str(Lang lang) const;
  [[nodiscard]] std::string str() const { return str(Lang::En); }
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
