#include "ui/script.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace spor::ui {

const char* stepName(StepKind k) {
  switch (k) {
    case StepKind::Tap: return "tap";
    case StepKind::Type: return "type";
    case StepKind::Key: return "key";
    case StepKind::Wait: return "wait";
    case StepKind::Today: return "today";
    case StepKind::Screenshot: return "screenshot";
    case StepKind::Expect: return "expect";
    case StepKind::ExpectNot: return "expect-not";
    case StepKind::Window: return "window";
    case StepKind::CheckLayout: return "check-layout";
    case StepKind::Render: return "render";
    case StepKind::RecordTexts: return "record-texts";
    case StepKind::Quit: return "quit";
  }
  return "?";
}

namespace {

class LineParser {
 public:
  LineParser(std::string_view line, const std::string& path, int number) : s_(line), path_(path), number_(number) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw ScriptError(path_ + ":" + std::to_string(number_) + ": " + what);
  }

  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  [[nodiscard]] bool atEnd() {
    skipSpace();
    return pos_ >= s_.size() || s_[pos_] == '#';
  }

  std::string word() {
    skipSpace();
    const std::size_t start = pos_;
    while (pos_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  // "text with \"quotes\" and \\" or a bare word.
  std::string argument(const char* what) {
    skipSpace();
    if (pos_ >= s_.size()) fail(std::string("missing ") + what);
    if (s_[pos_] != '"') return word();
    ++pos_;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      out += s_[pos_++];
    }
    if (pos_ >= s_.size()) fail(std::string("the ") + what + " has no closing quote");
    ++pos_;
    return out;
  }

  void end(const std::string& command) {
    if (!atEnd()) fail("unexpected '" + word() + "' after " + command);
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  const std::string& path_;
  int number_;
};

Ms parseDuration(const std::string& text, const LineParser& p) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  long long n = 0;
  if (digits == 0 || std::from_chars(text.data(), text.data() + digits, n).ec != std::errc())
    p.fail("wait needs a duration such as 500ms, 2s or 5min, not '" + text + "'");
  const std::string unit = text.substr(digits);
  if (unit == "ms") return Ms(n);
  if (unit == "s") return Ms(n * 1000);
  if (unit == "min") return Ms(n * 60'000);
  p.fail("wait needs a unit: ms, s or min (as in 500ms, 2s, 5min), not '" + text + "'");
}

}  // namespace

Script parseScript(const std::string& text, const std::string& path) {
  Script script;
  script.path = path;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    LineParser p(line, path, number);
    if (p.atEnd()) continue;
    const std::string command = p.word();
    Step step;
    step.line = number;
    if (command == "tap") {
      step.kind = StepKind::Tap;
      step.text = p.argument("label to tap (tap \"Fortsæt\")");
    } else if (command == "type") {
      step.kind = StepKind::Type;
      step.text = p.argument("text to type (type \"Alma\")");
    } else if (command == "key") {
      step.kind = StepKind::Key;
      step.text = p.argument("key name (key Escape)");
    } else if (command == "wait") {
      step.kind = StepKind::Wait;
      step.duration = parseDuration(p.argument("duration (wait 500ms)"), p);
    } else if (command == "today") {
      step.kind = StepKind::Today;
      const std::string day = p.argument("date (today 2027-06-01)");
      const auto date = core::parseDate(day);
      if (!date) p.fail("today needs a date YYYY-MM-DD, such as today 2027-06-01, not '" + day + "'");
      step.date = *date;
    } else if (command == "screenshot") {
      step.kind = StepKind::Screenshot;
      step.text = p.argument("PNG file name (screenshot home.png)");
      if (step.text.size() < 4 || step.text.substr(step.text.size() - 4) != ".png")
        p.fail("screenshot writes PNG files: the name must end in .png, not '" + step.text + "'");
    } else if (command == "expect") {
      step.kind = StepKind::Expect;
      step.text = p.argument("text to look for (expect \"Tak!\")");
    } else if (command == "expect-not") {
      step.kind = StepKind::ExpectNot;
      step.text = p.argument("text that must not be on screen");
    } else if (command == "window") {
      step.kind = StepKind::Window;
      const std::string size = p.argument("size (window 800x1280)");
      const auto x = size.find('x');
      int w = 0;
      int h = 0;
      if (x == std::string::npos || std::from_chars(size.data(), size.data() + x, w).ptr != size.data() + x ||
          std::from_chars(size.data() + x + 1, size.data() + size.size(), h).ptr != size.data() + size.size() ||
          w < 320 || h < 320 || w > 8192 || h > 8192)
        p.fail("window needs a size WIDTHxHEIGHT between 320 and 8192, such as 800x1280, not '" + size + "'");
      step.width = w;
      step.height = h;
    } else if (command == "check-layout") {
      step.kind = StepKind::CheckLayout;
    } else if (command == "render") {
      step.kind = StepKind::Render;
      const std::string mode = p.argument("on or off (render off)");
      if (mode != "on" && mode != "off") p.fail("render takes on or off, not '" + mode + "'");
      step.on = mode == "on";
    } else if (command == "record-texts") {
      step.kind = StepKind::RecordTexts;
      step.text = p.argument("file to write the texts to (record-texts texts.txt)");
    } else if (command == "quit") {
      step.kind = StepKind::Quit;
    } else if (command == "pin") {
      // A PIN is taps on the PIN pad's digits, then its OK button.
      const std::string pin = p.argument("PIN (pin 1234)");
      if (pin.empty() || pin.find_first_not_of("0123456789") != std::string::npos)
        p.fail("pin takes digits only, such as pin 1234, not '" + pin + "'");
      p.end(command);
      for (char d : pin) script.steps.push_back({StepKind::Tap, number, std::string(1, d), "pin-digit", Ms(0), 0, 0, true, {}});
      script.steps.push_back({StepKind::Tap, number, "", "pin-ok", Ms(0), 0, 0, true, {}});
      continue;
    } else {
      p.fail("unknown step '" + command +
             "'; the steps are tap, type, pin, key, wait, today, screenshot, expect, expect-not, window, check-layout, render, "
             "record-texts, quit");
    }
    p.end(command);
    script.steps.push_back(std::move(step));
  }
  return script;
}

Script loadScript(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError("cannot read the script '" + path + "': no such file or no permission");
  std::ostringstream text;
  text << in.rdbuf();
  return parseScript(text.str(), path);
}

}  // namespace spor::ui
