#include "messages/message.hpp"

#include <iterator>

namespace spor {
namespace {

struct Entry {
  std::string_view name;
  std::string_view en;
  std::string_view da;
};

// A plain array: std::array's deduction from hundreds of entries exceeds
// clang's fold-expression limit (the fuzzers are built with clang).
constexpr Entry kCatalogue[] = {
#define SPOR_MSG(code, en, da) Entry{#code, en, da},
#include "messages/catalogue.def"
#undef SPOR_MSG
};

const Entry& entry(Msg code) {
  const auto i = static_cast<std::size_t>(code);
  if (i >= std::size(kCatalogue)) throw std::out_of_range("message code " + std::to_string(i) + " is not in the catalogue");
  return kCatalogue[i];
}

// Walks a template: calls text(piece) for literal text and field(inside) for
// each {…}, where inside is "name" or "name|one|other".
template <class Text, class Field>
void walk(std::string_view t, Text&& text, Field&& field) {
  std::size_t i = 0;
  while (i < t.size()) {
    const auto open = t.find_first_of("{}", i);
    if (open == std::string_view::npos) {
      text(t.substr(i));
      return;
    }
    text(t.substr(i, open - i));
    if (open + 1 < t.size() && t[open + 1] == t[open]) {  // {{ or }}
      text(t.substr(open, 1));
      i = open + 2;
      continue;
    }
    if (t[open] == '}') {  // a lone }: literal
      text(t.substr(open, 1));
      i = open + 1;
      continue;
    }
    const auto close = t.find('}', open + 1);
    if (close == std::string_view::npos) {
      text(t.substr(open));
      return;
    }
    field(t.substr(open + 1, close - open - 1));
    i = close + 1;
  }
}

std::string_view fieldName(std::string_view inside) { return inside.substr(0, inside.find('|')); }

}  // namespace

MessageArg::MessageArg(std::string n, Msg word) : MessageArg(std::move(n), Message{word}) {}
MessageArg::MessageArg(std::string n, const Message& m)
    : name(std::move(n)), value(render(m, Lang::En)), nested(std::make_shared<const Message>(m)) {}

std::string Message::arg(std::string_view name) const {
  for (const auto& a : args)
    if (a.name == name) return a.value;
  return {};
}

bool Message::operator==(const Message& other) const {
  if (code != other.code || args.size() != other.args.size()) return false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].name != other.args[i].name || args[i].value != other.args[i].value) return false;
    if ((args[i].nested == nullptr) != (other.args[i].nested == nullptr)) return false;
    if (args[i].nested && !(*args[i].nested == *other.args[i].nested)) return false;
  }
  return true;
}

std::string render(const Message& message, Lang lang) {
  const auto templ = templateOf(message.code, lang);
  std::string out;
  out.reserve(templ.size() + 32);
  walk(
      templ, [&](std::string_view piece) { out += piece; },
      [&](std::string_view inside) {
        const auto name = fieldName(inside);
        const MessageArg* found = nullptr;
        for (const auto& a : message.args)
          if (a.name == name) found = &a;
        if (!found) {
          out += '{';
          out += inside;
          out += '}';
          return;
        }
        if (found->nested) {
          out += render(*found->nested, lang);
          return;
        }
        if (name.size() == inside.size()) {
          out += found->value;
          return;
        }
        // {n|one|other}: the word for the count.
        const auto forms = inside.substr(name.size() + 1);
        const auto bar = forms.find('|');
        const auto one = forms.substr(0, bar);
        const auto other = bar == std::string_view::npos ? one : forms.substr(bar + 1);
        out += found->value == "1" || found->value == "-1" ? one : other;
      });
  return out;
}

std::string_view codeName(Msg code) { return entry(code).name; }

std::string_view templateOf(Msg code, Lang lang) {
  const auto& e = entry(code);
  return lang == Lang::Da ? e.da : e.en;
}

std::size_t catalogueSize() { return std::size(kCatalogue); }

Msg catalogueCode(std::size_t index) {
  if (index >= std::size(kCatalogue)) throw std::out_of_range("catalogue index " + std::to_string(index));
  return static_cast<Msg>(index);
}

std::vector<std::string> parametersOf(std::string_view templ) {
  std::vector<std::string> names;
  walk(
      templ, [](std::string_view) {},
      [&](std::string_view inside) {
        std::string name(fieldName(inside));
        for (const auto& n : names)
          if (n == name) return;
        names.push_back(std::move(name));
      });
  return names;
}

Error::Error(Message message) : std::runtime_error(render(message, Lang::En)), message_(std::move(message)) {}

Message messageOf(const std::exception& e) {
  if (const auto* err = dynamic_cast<const Error*>(&e)) return err->message();
  return {Msg::Unexpected, {{"detail", e.what()}}};
}

Message messageOf(const std::exception_ptr& e) {
  try {
    if (e) std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return messageOf(ex);
  } catch (...) {
  }
  return {Msg::Unexpected, {{"detail", "unknown error"}}};
}

}  // namespace spor
