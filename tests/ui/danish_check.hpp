#pragma once
// The Danish-screen check (issue 11 item 6): a text the app drew on a Danish
// screen is either made of the app's own Danish words, each pattern with its
// placeholders filled, or it is data. The Danish words are the volunteer's
// and the coordinator's word tables (src/ui/text.def, coordinator_text.def),
// the message catalogue's Danish (src/messages/*.def) and core's named
// choices (occasions, interventions, course ends, ...). Data is what a
// person typed or the forms say: names, codes, dates, numbers, paths and
// file names, fingerprints, and the Danish texts of forms/ (with the forms'
// ids and field names, which messages about a form file name). A placeholder's
// value must itself pass the check, so Msg::Unexpected's English detail in
// its Danish sentence does not; a text the views put together from several
// words passes when each piece does.
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/forms.hpp"
#include "core/occasions.hpp"
#include "core/referral.hpp"
#include "messages/message.hpp"
#include "ui/coordinator_text.hpp"
#include "ui/text.hpp"

namespace spor::uitest {

class DanishCheck {
 public:
  // The tables' Danish, the Danish texts of every form file under
  // `formsDir`, and `data`: the names and other things the test typed.
  DanishCheck(const std::filesystem::path& formsDir, const std::vector<std::string>& data) {
    for (int i = 0; i < static_cast<int>(ui::Word::Count); ++i) addTemplate(ui::tr(static_cast<ui::Word>(i), Lang::Da));
    for (int i = 0; i < static_cast<int>(ui::CoordWord::Count); ++i)
      addTemplate(ui::ctr(static_cast<ui::CoordWord>(i), Lang::Da));
    for (std::size_t i = 0; i < catalogueSize(); ++i) {
      const Msg code = catalogueCode(i);
      if (code == Msg::Unexpected) continue;  // its {detail} is a system's English: never Danish
      addTemplate(templateOf(code, Lang::Da));
    }
    for (auto v : core::kInterventions) addTemplate(core::interventionName(v).da);
    for (auto v : core::kConsentGivers) addTemplate(core::consentGiverName(v).da);
    for (auto v : core::kCourseEnds) addTemplate(core::courseEndName(v).da);
    for (auto v : core::kStopReasons) addTemplate(core::stopReasonName(v).da);
    for (auto v : core::kMissedReasons) addTemplate(core::missedReasonName(v).da);
    for (auto v : core::kAnsweringModes) addTemplate(core::answeringModeName(v).da);
    for (auto v : core::kReferrerRoles) addTemplate(core::referrerRoleName(v).da);
    for (auto v : core::kReportBacks) addTemplate(core::reportBackName(v).da);
    for (auto v : core::kFeedbackPoints) addTemplate(core::feedbackPointName(v).da);
    for (auto v : core::kFeedbackForms) addTemplate(core::feedbackFormName(v).da);
    for (auto o : {core::Occasion::Before, core::Occasion::Progression, core::Occasion::After, core::Occasion::FollowUp})
      addTemplate(core::occasionName(o).da);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(formsDir))
      if (entry.path().extension() == ".json") addFormTexts(entry.path());
    for (const auto& d : data) data_.insert(lowerFirst(d));
  }

  // Whether `text` may be on a Danish screen.
  bool allowed(const std::string& raw) {
    const std::string s = lowerFirst(trim(raw));
    if (s.empty()) return true;
    if (const auto it = memo_.find(s); it != memo_.end()) return it->second;
    memo_[s] = false;  // a text that leads back to itself is not Danish by that road
    const bool ok = isData(s) || byTemplate(s) || byStripping(s) || bySplitting(s);
    memo_[s] = ok;
    return ok;
  }

  // The texts of `texts` that may not be on a Danish screen.
  std::vector<std::string> rejected(const std::vector<std::string>& texts) {
    std::vector<std::string> out;
    for (const auto& t : texts)
      if (!allowed(t)) out.push_back(t);
    return out;
  }

  [[nodiscard]] std::size_t templateCount() const { return templates_.size(); }

 private:
  struct Piece {
    enum Kind { Lit, Hole, Alt } kind = Lit;
    std::string a, b;  // Lit: a; Alt: a or b (a count's word)
  };
  struct Template {
    std::vector<Piece> pieces;
  };

  // Code points that are letters (Latin, with æ, ø, å and their kin).
  static bool isLetter(std::uint32_t c) {
    return (c < 0x80 && std::isalpha(static_cast<int>(c))) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
  }
  static std::vector<std::uint32_t> codePoints(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
      const auto b = static_cast<unsigned char>(s[i]);
      int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      std::uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
      for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
        c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
      out.push_back(c);
      i += static_cast<std::size_t>(n);
    }
    return out;
  }
  static bool hasLetter(std::string_view s) {
    for (auto c : codePoints(s))
      if (isLetter(c)) return true;
    return false;
  }
  static bool hasDigit(std::string_view s) {
    for (char c : s)
      if (c >= '0' && c <= '9') return true;
    return false;
  }
  // The first letter in lower case: a view may start a sentence with a
  // capital where the catalogue's text starts in lower case ("forkert PIN-kode …").
  static std::string lowerFirst(std::string s) {
    if (s.empty()) return s;
    const auto b = static_cast<unsigned char>(s[0]);
    if (b < 0x80) {
      s[0] = static_cast<char>(std::tolower(b));
    } else if (b == 0xC3 && s.size() > 1) {
      const auto c = static_cast<unsigned char>(s[1]);
      if (c >= 0x80 && c <= 0x9E && c != 0x97) s[1] = static_cast<char>(c + 0x20);  // À-Þ -> à-þ (Æ, Ø, Å)
    }
    return s;
  }
  static std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
  }
  // Punctuation a view puts around a word or between pieces: . , : ; ! ? ( ) [ ] " ' „ “ ” – — · … and spaces.
  static std::string stripEdges(std::string_view s) {
    static const std::vector<std::string> kMarks = {" ", "\n", "\t", ".", ",", ":", ";", "!", "?", "(", ")", "[", "]",
                                                    "\"", "'", "*", "-", "\u201E", "\u201C", "\u201D", "\u2013",
                                                    "\u2014", "\u00B7", "\u2026", "\u2022", "\u00BB", "\u00AB", "|"};
    bool changed = true;
    while (changed && !s.empty()) {
      changed = false;
      for (const auto& m : kMarks) {
        if (s.size() >= m.size() && s.compare(0, m.size(), m) == 0) {
          s.remove_prefix(m.size());
          changed = true;
        }
        if (s.size() >= m.size() && s.compare(s.size() - m.size(), m.size(), m) == 0) {
          s.remove_suffix(m.size());
          changed = true;
        }
      }
    }
    return std::string(s);
  }

  void addTemplate(std::string_view text) {
    Template t;
    std::string lit;
    bool letters = false;
    const auto flush = [&] {
      if (lit.empty()) return;
      if (hasLetter(lit)) letters = true;
      t.pieces.push_back({Piece::Lit, lit, {}});
      lit.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        lit += c;
        i += 2;
        continue;
      }
      if (c == '{') {
        const auto close = text.find('}', i + 1);
        if (close == std::string_view::npos) {
          lit += text.substr(i);
          break;
        }
        const std::string_view inside = text.substr(i + 1, close - i - 1);
        flush();
        const auto bar = inside.find('|');
        if (bar == std::string_view::npos) {
          t.pieces.push_back({Piece::Hole, {}, {}});
        } else {
          const std::string_view forms = inside.substr(bar + 1);
          const auto bar2 = forms.find('|');
          const std::string one(forms.substr(0, bar2));
          const std::string other(bar2 == std::string_view::npos ? one : std::string(forms.substr(bar2 + 1)));
          if (hasLetter(one) || hasLetter(other)) letters = true;
          t.pieces.push_back({Piece::Alt, one, other});
        }
        i = close + 1;
        continue;
      }
      lit += c;
      ++i;
    }
    flush();
    // A pattern of placeholders alone ("{0}") says no word of its own.
    if (!letters || t.pieces.empty()) return;
    if (t.pieces.front().kind == Piece::Lit) t.pieces.front().a = lowerFirst(t.pieces.front().a);
    templates_.push_back(std::move(t));
  }

  // Every Danish text of a form file ("da" values), and the names it gives
  // without translation (organisation, municipalities): data, and patterns
  // when they have placeholders.
  void addFormTexts(const std::filesystem::path& file) {
    data_.insert(file.stem().string());  // the form's id ("strom", "fidelitet_empowr")
    std::ifstream in(file, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    const std::string json = all.str();
    std::string key;
    std::string lastKey;
    bool inArrayOf = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
      const char c = json[i];
      if (c == '[') inArrayOf = true;
      if (c == ']') inArrayOf = false;
      if (c != '"') continue;
      std::string value;
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) {
          ++i;
          value += json[i] == 'n' ? '\n' : json[i];
        } else {
          value += json[i];
        }
      }
      std::size_t j = i + 1;
      while (j < json.size() && std::isspace(static_cast<unsigned char>(json[j]))) ++j;
      if (j < json.size() && json[j] == ':') {
        lastKey = value;
        keys_.insert(value);  // a field's name: a placeholder's value in a message about the file
        continue;
      }
      if (lastKey == "da" || lastKey == "organisation" || (inArrayOf && lastKey == "municipalities")) {
        data_.insert(lowerFirst(trim(value)));
        addTemplate(value);
      }
    }
  }

  // A child's code as the store makes it: "PY-HPKX", "K7-4QX9".
  static bool isCode(const std::string& w) {
    const auto dash = w.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (i != dash && !((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= '0' && w[i] <= '9') ||
                         (i == 0 && w[i] >= 'a' && w[i] <= 'z')))  // (the check lowers a text's first letter)
        return false;
    return true;
  }

  bool isDataWord(const std::string& word) const {
    if (isCode(stripEdges(word))) return true;
    const std::string w = lowerFirst(stripEdges(word));
    if (w.empty() || !hasLetter(w)) return true;  // numbers, dates, times, marks
    if (hasDigit(w)) return true;                 // codes (K7-4QX9), fingerprints, versions
    if (w.find('/') != std::string::npos) return true;  // a path
    const auto dot = w.find('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < w.size()) return true;  // a file name
    if (data_.count(w)) return true;
    // A name's possessive: "Almas", "Mads'".
    if (w.size() > 1 && (w.back() == 's' || w.back() == '\'') && data_.count(w.substr(0, w.size() - 1))) return true;
    return false;
  }

  bool isData(const std::string& s) const {
    const std::string whole = lowerFirst(stripEdges(s));
    if (whole.empty() || !hasLetter(whole) || data_.count(whole)) return true;
    if (codePoints(whole).size() == 1) return true;  // a key of the on-screen keyboard
    std::istringstream words(s);
    std::string w;
    while (words >> w)
      if (!isDataWord(w)) return false;
    return true;
  }

  // Without the full stop (or colon ...) a view put after a pattern, or
  // without every mark around it.
  bool byStripping(const std::string& s) {
    std::string sentence = s;
    while (!sentence.empty() && std::string_view(".,:;!? ").find(sentence.back()) != std::string_view::npos)
      sentence.pop_back();
    if (sentence != s && allowed(sentence)) return true;
    const std::string stripped = stripEdges(s);
    return stripped != s && stripped != sentence && allowed(stripped);
  }

  bool bySplitting(const std::string& s) {
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (!std::isspace(static_cast<unsigned char>(s[i]))) continue;
      if (std::isspace(static_cast<unsigned char>(s[i - 1]))) continue;
      if (allowed(s.substr(0, i)) && allowed(s.substr(i + 1))) return true;
    }
    return false;
  }

  bool byTemplate(const std::string& s) {
    for (const Template& t : templates_) {
      const Piece& first = t.pieces.front();
      if (first.kind == Piece::Lit && s.compare(0, first.a.size(), first.a) != 0) continue;
      const Piece& last = t.pieces.back();
      if (last.kind == Piece::Lit &&
          (s.size() < last.a.size() || s.compare(s.size() - last.a.size(), last.a.size(), last.a) != 0))
        continue;
      if (match(t, 0, s, 0)) return true;
    }
    return false;
  }

  bool match(const Template& t, std::size_t k, const std::string& s, std::size_t pos) {
    if (k == t.pieces.size()) return pos == s.size();
    const Piece& p = t.pieces[k];
    if (p.kind == Piece::Lit) return s.compare(pos, p.a.size(), p.a) == 0 && match(t, k + 1, s, pos + p.a.size());
    if (p.kind == Piece::Alt) {
      if (s.compare(pos, p.a.size(), p.a) == 0 && match(t, k + 1, s, pos + p.a.size())) return true;
      return p.b != p.a && s.compare(pos, p.b.size(), p.b) == 0 && match(t, k + 1, s, pos + p.b.size());
    }
    // A placeholder: its value (possibly empty) must itself pass, or be a
    // form file's field name ("feltet 'version' skal være et helt tal").
    if (k + 1 == t.pieces.size()) return value(s.substr(pos));
    const Piece& next = t.pieces[k + 1];
    if (next.kind == Piece::Lit) {
      for (auto e = s.find(next.a, pos); e != std::string::npos; e = s.find(next.a, e + 1))
        if (match(t, k + 1, s, e) && value(s.substr(pos, e - pos))) return true;
      return false;
    }
    for (std::size_t e = pos; e <= s.size(); ++e)
      if (match(t, k + 1, s, e) && value(s.substr(pos, e - pos))) return true;
    return false;
  }

  bool value(const std::string& v) { return keys_.count(v) > 0 || allowed(v); }

  std::vector<Template> templates_;
  std::set<std::string> data_;
  std::set<std::string> keys_;
  std::map<std::string, bool> memo_;
};

}  // namespace spor::uitest
