#include "ui/model/keyboard.hpp"

namespace spor::ui {

namespace {

Key ch(const char* lower, const char* upper = "", float width = 1.0f) {
  return Key{KeyAction::Char, lower, upper, width};
}

Key action(KeyAction a, const char* label, float width) {
  return Key{a, label, "", width};
}

}  // namespace

const std::vector<std::vector<Key>>& keyboardRows(KeyboardLayout layout) {
  // Every row of the letters layout is 11 key widths wide, so the keys line
  // up in columns like a real keyboard's.
  static const std::vector<std::vector<Key>> letters = {
      {ch("1", "", 1.1f), ch("2", "", 1.1f), ch("3", "", 1.1f), ch("4", "", 1.1f), ch("5", "", 1.1f),
       ch("6", "", 1.1f), ch("7", "", 1.1f), ch("8", "", 1.1f), ch("9", "", 1.1f), ch("0", "", 1.1f)},
      {ch("q", "Q"), ch("w", "W"), ch("e", "E"), ch("r", "R"), ch("t", "T"), ch("y", "Y"), ch("u", "U"),
       ch("i", "I"), ch("o", "O"), ch("p", "P"), ch("å", "Å")},
      {ch("a", "A"), ch("s", "S"), ch("d", "D"), ch("f", "F"), ch("g", "G"), ch("h", "H"), ch("j", "J"),
       ch("k", "K"), ch("l", "L"), ch("æ", "Æ"), ch("ø", "Ø")},
      {action(KeyAction::Shift, "↑", 2.0f), ch("z", "Z"), ch("x", "X"), ch("c", "C"), ch("v", "V"), ch("b", "B"),
       ch("n", "N"), ch("m", "M"), action(KeyAction::Backspace, "←", 2.0f)},
      // Danish free text needs a comma and a question mark ("Via en ven, på
      // biblioteket"; a newcomer could not type one); a contact needs "@"
      // and ":", a typed folder "/" and "_". Shift gives the second sign.
      {ch("-", "_"), ch(",", ";"), ch(".", ":"), ch("?", "!"), ch("/", "@"), action(KeyAction::Space, " ", 3.0f),
       action(KeyAction::Done, "", 3.0f)},
  };
  static const std::vector<std::vector<Key>> digits = {
      {ch("1"), ch("2"), ch("3")},
      {ch("4"), ch("5"), ch("6")},
      {ch("7"), ch("8"), ch("9")},
      {action(KeyAction::Backspace, "←", 1.0f), ch("0"), action(KeyAction::Done, "", 1.0f)},
  };
  return layout == KeyboardLayout::Digits ? digits : letters;
}

std::string keyLabel(const Key& key, bool shifted, std::string_view doneLabel, std::string_view spaceLabel) {
  switch (key.action) {
    case KeyAction::Char: return shifted && !key.upper.empty() ? key.upper : key.lower;
    case KeyAction::Done: return std::string(doneLabel);
    case KeyAction::Space: return std::string(spaceLabel);
    case KeyAction::Shift:
    case KeyAction::Backspace: return key.lower;
  }
  return key.lower;
}

std::size_t prevCharStart(std::string_view s, std::size_t pos) {
  if (pos > s.size()) pos = s.size();
  if (pos == 0) return 0;
  --pos;
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

std::size_t nextCharStart(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  ++pos;
  while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
  return pos;
}

}  // namespace spor::ui
