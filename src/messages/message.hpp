#pragma once
// The message catalogue: every error or notice a person can see has a code
// (Msg) and named parameters. Libraries throw a spor::Error (or return a
// Message); the app renders it in the screen's language, Danish or English;
// the command line renders it in English.
//
// The texts live in the *.def files beside this one, one file per layer, one
// line per code:
//
//   SPOR_MSG(FolderMissing, "folder '{path}' does not exist", "mappen '{path}' findes ikke")
//
// A template names its parameters in braces: {path}. {n|barn|børn} chooses a
// word by a count (the first when n is 1, else the second); {{ is a brace.
// A parameter's value may itself be a message (MessageArg::nested): it is
// rendered in the same language, so "bundle 'x'" and "pakken 'x'" come from
// one code and a word code (sync.def's FileBundle). Both languages of a code
// use the same parameters, except that a parameter whose name starts with
// "en_" (a system's own English text, such as strerror's) is the English
// template's alone: Danish never shows it (tests/core/test_messages.cpp
// checks both rules, and renders every code in both languages).
//
// Example:
//   throw Error({Msg::FolderMissing, {{"path", dir.string()}}});
//   ...
//   catch (const spor::Error& e) { show(render(e.message(), Lang::Da)); }
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/lang.hpp"

namespace spor {

enum class Msg : std::uint16_t {
#define SPOR_MSG(code, en, da) code,
#include "messages/catalogue.def"
#undef SPOR_MSG
};

// One parameter of a message: its name in the template, and its value as
// text (numbers through the int constructor, so a count is never formatted
// twice).
struct Message;
struct MessageArg {
  std::string name;
  std::string value;
  std::shared_ptr<const Message> nested;  // when set, rendered in place of value
  MessageArg(std::string n, std::string v) : name(std::move(n)), value(std::move(v)) {}
  MessageArg(std::string n, const char* v) : name(std::move(n)), value(v) {}
  MessageArg(std::string n, std::string_view v) : name(std::move(n)), value(v) {}
  MessageArg(std::string n, long long v) : name(std::move(n)), value(std::to_string(v)) {}
  MessageArg(std::string n, unsigned long long v) : name(std::move(n)), value(std::to_string(v)) {}
  MessageArg(std::string n, int v) : MessageArg(std::move(n), static_cast<long long>(v)) {}
  MessageArg(std::string n, long v) : MessageArg(std::move(n), static_cast<long long>(v)) {}
  MessageArg(std::string n, unsigned v) : MessageArg(std::move(n), static_cast<unsigned long long>(v)) {}
  MessageArg(std::string n, unsigned long v) : MessageArg(std::move(n), static_cast<unsigned long long>(v)) {}
  MessageArg(std::string n, Msg word);                // a word or phrase from the catalogue
  MessageArg(std::string n, const Message& m);  // a whole message, in the same language
};

// A code and its parameters: what happened, independent of language.
struct Message {
  Msg code{};
  std::vector<MessageArg> args;

  Message() = default;
  Message(Msg c) : code(c) {}  // NOLINT(google-explicit-constructor): a bare code is a message
  Message(Msg c, std::vector<MessageArg> a) : code(c), args(std::move(a)) {}

  // The value of parameter `name`; empty when it was not given.
  [[nodiscard]] std::string arg(std::string_view name) const;
  bool operator==(const Message&) const;
};

// The message in `lang`, its parameters filled in. A parameter the template
// names but the message lacks is left as "{name}" (the catalogue test makes
// sure that never happens for the parameters a code documents).
[[nodiscard]] std::string render(const Message& message, Lang lang);

// The catalogue itself, for tests and tools.
[[nodiscard]] std::string_view codeName(Msg code);  // "FolderMissing"
[[nodiscard]] std::string_view templateOf(Msg code, Lang lang);
[[nodiscard]] std::size_t catalogueSize();
[[nodiscard]] Msg catalogueCode(std::size_t index);
// The parameter names a template uses, in order of first use, without duplicates.
[[nodiscard]] std::vector<std::string> parametersOf(std::string_view templ);

// An error a person can see. what() is the English text (the command line,
// logs); message() is the code, for the app to render in its language.
// Libraries derive their error classes from it so that callers can still
// react by type (a lock-out shows a countdown).
class Error : public std::runtime_error {
 public:
  explicit Error(Message message);
  [[nodiscard]] const Message& message() const noexcept { return message_; }

 private:
  Message message_;
};

// What a person should be told about `e`: its Message when it is a
// spor::Error, else Msg::Unexpected with the exception's own text (a bug, or
// a system error no library has put into words yet).
[[nodiscard]] Message messageOf(const std::exception& e);
// The same for the exception in flight (catch (...)).
[[nodiscard]] Message messageOf(const std::exception_ptr& e);

}  // namespace spor
