// The app model, part 3: text fields and the on-screen keyboard. The model
// owns the field's text (in the drafts), the caret and the keyboard's state;
// an on-screen key and a physical key end in the same methods.
#include <algorithm>

#include "ui/model/app_model.hpp"
#include "ui/text.hpp"

namespace spor::ui {

namespace {

constexpr std::size_t kMaxFieldBytes = 200;  // a path; names are checked (40 characters) by the store

}  // namespace

FieldKind fieldKind(Field f, const AppState& state, const core::FormSet&) {
  switch (f) {
    case Field::SetupPath:
    case Field::RecoverPath:
    case Field::RecoverPassphrase:
    case Field::CoordPassphrase:
    case Field::CoordPassphraseAgain:
    case Field::CoordFolder: return FieldKind::Path;
    case Field::CoordName: return FieldKind::Name;
    case Field::SetupName:
    case Field::Nickname:
    case Field::VolunteerName: return FieldKind::Name;
    case Field::BirthYear: return FieldKind::Digits;
    case Field::ReferralText:
    case Field::FeedbackNote: return FieldKind::Text;
    case Field::BackgroundText:
      if (state.background && state.background->index < state.background->questions.size()) {
        const core::Question* q = state.background->questions[state.background->index];
        if (q->type == core::QuestionType::Year || q->type == core::QuestionType::Number) return FieldKind::Digits;
      }
      return FieldKind::Text;
    case Field::None: break;
  }
  return FieldKind::Text;
}

std::string* AppModel::fieldText(Field f) {
  switch (f) {
    case Field::SetupPath: return state_.screen == Screen::Setup ? &state_.setup.path : nullptr;
    case Field::SetupName: return state_.screen == Screen::Setup ? &state_.setup.volunteerName : nullptr;
    case Field::Nickname: return state_.screen == Screen::ChildEdit ? &state_.childDraft.nickname : nullptr;
    case Field::BirthYear: return state_.screen == Screen::ChildEdit ? &state_.childDraft.birthYearText : nullptr;
    case Field::VolunteerName: return state_.screen == Screen::Volunteers ? &state_.volunteersScreen.newName : nullptr;
    case Field::BackgroundText:
      return state_.screen == Screen::BackgroundForm && state_.background ? &state_.background->otherText : nullptr;
    case Field::RecoverPath: return state_.screen == Screen::Recover ? &state_.recover.path : nullptr;
    case Field::RecoverPassphrase: return state_.screen == Screen::Recover ? &state_.recover.passphrase : nullptr;
    case Field::CoordName: return state_.screen == Screen::Setup ? &state_.setup.coordinator.name : nullptr;
    case Field::CoordPassphrase: return state_.screen == Screen::Setup ? &state_.setup.coordinator.passphrase : nullptr;
    case Field::CoordPassphraseAgain:
      return state_.screen == Screen::Setup ? &state_.setup.coordinator.passphraseAgain : nullptr;
    case Field::CoordFolder: return state_.screen == Screen::Setup ? &state_.setup.coordinator.folder : nullptr;
    case Field::ReferralText:
      return state_.screen == Screen::ChildDetail && state_.referral.draft.open ? &state_.referral.draft.referrer : nullptr;
    case Field::FeedbackNote:
      return state_.screen == Screen::ChildDetail && state_.referral.feedback.open ? &state_.referral.feedback.note : nullptr;
    case Field::None: break;
  }
  return nullptr;
}

const std::string& AppModel::fieldValue(Field f) const {
  static const std::string none;
  const std::string* s = const_cast<AppModel*>(this)->fieldText(f);
  return s ? *s : none;
}

bool AppModel::fieldFocused(Field f) const {
  return f != Field::None && keyboardField() == f;
}

Field AppModel::keyboardField() const {
  const KeyboardState& k = state_.keyboard;
  if (k.field == Field::None || k.screen != static_cast<int>(state_.screen) || busy()) return Field::None;
  if (!const_cast<AppModel*>(this)->fieldText(k.field)) return Field::None;
  return k.field;
}

bool AppModel::keyboardShown() const {
  return keyboardField() != Field::None && state_.keyboard.visible;
}

bool AppModel::keyboardShifted() const {
  return state_.keyboard.shift != ShiftState::Off;
}

std::size_t AppModel::fieldCursor() const {
  const std::string& s = fieldValue(keyboardField());
  return std::min(state_.keyboard.cursor, s.size());
}

void AppModel::noteInput(InputKind kind) {
  KeyboardState& k = state_.keyboard;
  if (kind == InputKind::Keyboard) {
    // A physical keyboard is there: in Auto the screen's keyboard steps aside.
    if (state_.settings.screenKeyboard == ScreenKeyboard::Auto) k.visible = false;
    return;
  }
  k.lastPressWasTouch = kind == InputKind::Touch;
}

void AppModel::setPlatformKeyboard(bool has) {
  state_.keyboard.platformKeyboard = has;
}

bool AppModel::wantsScreenKeyboard() const {
  switch (state_.settings.screenKeyboard) {
    case ScreenKeyboard::Always: return true;
    case ScreenKeyboard::Never: return false;
    case ScreenKeyboard::Auto: return state_.keyboard.lastPressWasTouch && !state_.keyboard.platformKeyboard;
  }
  return false;
}

// A capital comes by itself where a name or a sentence starts.
void AppModel::autoShift() {
  KeyboardState& k = state_.keyboard;
  if (k.shift == ShiftState::Locked) return;
  const std::string& s = fieldValue(k.field);
  const FieldKind kind = fieldKind(k.field, state_, forms_);
  const std::size_t at = std::min(k.cursor, s.size());
  bool capital = false;
  if (kind == FieldKind::Name)
    capital = at == 0 || s[at - 1] == ' ' || s[at - 1] == '-';
  else if (kind == FieldKind::Text)
    capital = at == 0;
  k.shift = capital ? ShiftState::Once : ShiftState::Off;
}

void AppModel::focusField(Field f) {
  if (busy() || !fieldText(f)) return;
  noteActivity();
  KeyboardState& k = state_.keyboard;
  const bool same = keyboardField() == f;
  k.field = f;
  k.screen = static_cast<int>(state_.screen);
  if (!same) {
    k.cursor = fieldValue(f).size();
    k.shift = ShiftState::Off;
  }
  k.layout = fieldKind(f, state_, forms_) == FieldKind::Digits ? KeyboardLayout::Digits : KeyboardLayout::Letters;
  // Tapping the field again brings the keyboard back after "Færdig" or a physical key.
  k.visible = wantsScreenKeyboard();
  autoShift();
}

void AppModel::setFieldCursor(std::size_t pos) {
  const Field f = keyboardField();
  if (f == Field::None) return;
  const std::string& s = fieldValue(f);
  pos = std::min(pos, s.size());
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  state_.keyboard.cursor = pos;
  autoShift();
}

namespace {

// What a changed field changes beside its text: an error about that field
// goes once the field is being fixed (a newcomer retyped a passphrase under
// "De to adgangssætninger er ikke ens" that stayed).
void fieldChanged(Field f, AppState& state, ChildEditorPart& editor) {
  switch (f) {
    case Field::BirthYear: editor.recheck(); break;
    case Field::ReferralText:
      if (state.referral.draft.errorField == ReferralField::Text) state.referral.draft.error.clear();
      break;
    case Field::CoordName:
    case Field::CoordPassphrase:
    case Field::CoordPassphraseAgain:
    case Field::CoordFolder: state.setup.coordinator.error.clear(); break;
    default: break;
  }
}

}  // namespace

void AppModel::typeText(std::string_view typed) {
  const Field f = keyboardField();
  if (f == Field::None) return;
  std::string* s = fieldText(f);
  KeyboardState& k = state_.keyboard;
  const FieldKind kind = fieldKind(f, state_, forms_);
  // Control characters never belong in a field; a digits field takes digits only.
  std::string text;
  for (char c : typed) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) continue;
    if (kind == FieldKind::Digits && (c < '0' || c > '9')) continue;
    text.push_back(c);
  }
  if (text.empty()) return;
  noteActivity();
  const std::size_t limit = kind == FieldKind::Digits ? 7 : kMaxFieldBytes;
  if (s->size() + text.size() > limit) return;
  const std::size_t at = std::min(k.cursor, s->size());
  s->insert(at, text);
  k.cursor = at + text.size();
  if (k.shift == ShiftState::Once) k.shift = ShiftState::Off;
  autoShift();
  fieldChanged(f, state_, childEditor_);
}

void AppModel::eraseBack() {
  const Field f = keyboardField();
  if (f == Field::None) return;
  noteActivity();
  std::string* s = fieldText(f);
  KeyboardState& k = state_.keyboard;
  const std::size_t at = std::min(k.cursor, s->size());
  const std::size_t from = prevCharStart(*s, at);
  s->erase(from, at - from);
  k.cursor = from;
  autoShift();
  fieldChanged(f, state_, childEditor_);
}

void AppModel::eraseForward() {
  const Field f = keyboardField();
  if (f == Field::None) return;
  noteActivity();
  std::string* s = fieldText(f);
  const std::size_t at = std::min(state_.keyboard.cursor, s->size());
  s->erase(at, nextCharStart(*s, at) - at);
  fieldChanged(f, state_, childEditor_);
}

void AppModel::moveCursor(CursorMove move) {
  const Field f = keyboardField();
  if (f == Field::None) return;
  const std::string& s = fieldValue(f);
  std::size_t& c = state_.keyboard.cursor;
  c = std::min(c, s.size());
  switch (move) {
    case CursorMove::Left: c = prevCharStart(s, c); break;
    case CursorMove::Right: c = nextCharStart(s, c); break;
    case CursorMove::Home: c = 0; break;
    case CursorMove::End: c = s.size(); break;
  }
  noteActivity();
}

void AppModel::keyboardDone() {
  state_.keyboard.field = Field::None;
  state_.keyboard.visible = false;
  state_.keyboard.shift = ShiftState::Off;
  noteActivity();
}

void AppModel::keyboardPress(const Key& key) {
  if (!keyboardShown()) return;
  KeyboardState& k = state_.keyboard;
  switch (key.action) {
    case KeyAction::Char: {
      const bool shifted = k.shift != ShiftState::Off;
      const std::string& t = shifted && !key.upper.empty() ? key.upper : key.lower;
      typeText(t);
      return;
    }
    case KeyAction::Shift:
      k.shift = k.shift == ShiftState::Off ? ShiftState::Once
                : k.shift == ShiftState::Once ? ShiftState::Locked
                                              : ShiftState::Off;
      noteActivity();
      return;
    case KeyAction::Backspace: eraseBack(); return;
    case KeyAction::Space: typeText(" "); return;
    case KeyAction::Done: keyboardDone(); return;
  }
}

bool AppModel::keyboardTap(std::string_view label) {
  if (!keyboardShown()) return false;
  const bool shifted = keyboardShifted();
  for (const auto& row : keyboardRows(state_.keyboard.layout)) {
    for (const Key& key : row) {
      if (keyLabel(key, shifted, tr(Word::KeyDone, lang()), tr(Word::KeySpace, lang())) == label) {
        keyboardPress(key);
        return true;
      }
    }
  }
  return false;
}

}  // namespace spor::ui
