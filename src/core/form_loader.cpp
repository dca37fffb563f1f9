#include "core/form_loader.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>

namespace spor::core {

namespace fs = std::filesystem;
namespace rj = rapidjson;

std::string Problem::str() const {
  std::string s = file;
  if (!where.empty()) s += ": " + where;
  s += ": " + message;
  return s;
}

namespace {

std::string joinProblems(const std::vector<Problem>& problems) {
  std::string s;
  for (const auto& p : problems) {
    if (!s.empty()) s += "\n";
    s += p.str();
  }
  return s;
}

}  // namespace

FormError::FormError(std::vector<Problem> problems)
    : std::runtime_error(joinProblems(problems)), problems_(std::move(problems)) {}

namespace {

constexpr const char* kFormat = "spor-forms/1";

std::string squote(const std::string& s) { return "'" + s + "'"; }

std::string joinKeys(const std::set<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s.empty() ? "none" : s;
}

template <typename Map>
std::set<std::string> keysOf(const Map& m) {
  std::set<std::string> s;
  for (const auto& [k, v] : m) s.insert(k);
  return s;
}

bool validId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const char* typeName(const rj::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "true/false";
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "a list";
  if (v.IsString()) return "text";
  return "a number";
}

// Reads one JSON file, recording problems with the file's name and a
// "where" that names the item or section being read.
class Reader {
 public:
  Reader(std::string file, std::vector<Problem>& problems) : file_(std::move(file)), problems_(problems) {}

  void fail(const std::string& where, const std::string& message) { problems_.push_back({file_, where, message}); }
  [[nodiscard]] const std::string& file() const { return file_; }

  // Refuses fields that are not in `allowed` (source and notes are always allowed).
  void onlyFields(const rj::Value& obj, const std::string& where, std::initializer_list<const char*> allowed) {
    for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (name == "source" || name == "notes") continue;
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(where, "unknown field " + squote(name) + " (allowed: " + list + ")");
      }
    }
  }

  const rj::Value* field(const rj::Value& obj, const char* name, const std::string& where, bool required) {
    auto m = obj.FindMember(name);
    if (m == obj.MemberEnd()) {
      if (required) fail(where, "missing field " + squote(name));
      return nullptr;
    }
    return &m->value;
  }

  std::string string(const rj::Value& obj, const char* name, const std::string& where, bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return {};
    if (!v->IsString()) {
      fail(where, "field " + squote(name) + " must be text, not " + typeName(*v));
      return {};
    }
    std::string s = v->GetString();
    if (required && s.empty()) fail(where, "field " + squote(name) + " is empty");
    return s;
  }

  std::optional<int> integer(const rj::Value& obj, const char* name, const std::string& where, int lo, int hi,
                             bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return std::nullopt;
    if (!v->IsInt()) {
      fail(where, "field " + squote(name) + " must be a whole number, not " + typeName(*v));
      return std::nullopt;
    }
    const int i = v->GetInt();
    if (i < lo || i > hi) {
      fail(where, "field " + squote(name) + " is " + std::to_string(i) + ", must be from " + std::to_string(lo) +
                      " to " + std::to_string(hi));
      return std::nullopt;
    }
    return i;
  }

  std::optional<double> number(const rj::Value& obj, const char* name, const std::string& where, double lo,
                               double hi, bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return std::nullopt;
    if (!v->IsNumber()) {
      fail(where, "field " + squote(name) + " must be a number, not " + typeName(*v));
      return std::nullopt;
    }
    const double d = v->GetDouble();
    if (d < lo || d > hi) {
      std::ostringstream msg;
      msg << "field " << squote(name) << " is " << d << ", must be from " << lo << " to " << hi;
      fail(where, msg.str());
      return std::nullopt;
    }
    return d;
  }

  bool boolean(const rj::Value& obj, const char* name, const std::string& where) {
    const rj::Value* v = field(obj, name, where, false);
    if (!v) return false;
    if (!v->IsBool()) {
      fail(where, "field " + squote(name) + " must be true or false, not " + typeName(*v));
      return false;
    }
    return v->GetBool();
  }

  // A localised text: {"da": "...", "en": "..."}; Danish always required.
  LocalText text(const rj::Value& obj, const char* name, const std::string& where, bool requireEnglish,
                 bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return {};
    const std::string at = where.empty() ? "field " + squote(name) : where + ", field " + squote(name);
    if (!v->IsObject()) {
      fail(where, "field " + squote(name) + " must be an object like {\"da\": \"…\", \"en\": \"…\"}, not " +
                      typeName(*v));
      return {};
    }
    onlyFields(*v, at, {"da", "en"});
    LocalText t;
    t.da = string(*v, "da", at, true);
    t.en = string(*v, "en", at, requireEnglish);
    return t;
  }

  const rj::Value* array(const rj::Value& obj, const char* name, const std::string& where, bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return nullptr;
    if (!v->IsArray()) {
      fail(where, "field " + squote(name) + " must be a list, not " + typeName(*v));
      return nullptr;
    }
    return v;
  }

  std::vector<std::string> stringList(const rj::Value& obj, const char* name, const std::string& where,
                                      bool required = true) {
    std::vector<std::string> out;
    const rj::Value* a = array(obj, name, where, required);
    if (!a) return out;
    for (const auto& e : a->GetArray()) {
      if (!e.IsString()) {
        fail(where, "field " + squote(name) + " must list text values, found " + typeName(e));
        continue;
      }
      out.emplace_back(e.GetString());
    }
    return out;
  }

  // The "id" of an element of a list, with a fallback name for messages.
  std::string elementId(const rj::Value& obj, const char* what, std::size_t index) {
    const std::string fallback = std::string(what) + " #" + std::to_string(index + 1);
    if (!obj.IsObject()) {
      fail(fallback, std::string("must be an object, not ") + typeName(obj));
      return {};
    }
    auto m = obj.FindMember("id");
    if (m == obj.MemberEnd()) {
      fail(fallback, "missing field 'id'");
      return {};
    }
    if (!m->value.IsString() || !validId(m->value.GetString())) {
      fail(fallback, "field 'id' must be lower-case letters, digits and '_' (at most 64)");
      return {};
    }
    return m->value.GetString();
  }

 private:
  std::string file_;
  std::vector<Problem>& problems_;
};

// JSON allows the same key twice; a form author never means it.
void findDuplicateKeys(const rj::Value& v, const std::string& path, Reader& r) {
  if (v.IsObject()) {
    std::set<std::string> seen;
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (!seen.insert(name).second) r.fail(path, "field " + squote(name) + " appears twice");
      findDuplicateKeys(m->value, path, r);
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) findDuplicateKeys(e, path, r);
  }
}

std::pair<std::size_t, std::size_t> lineAndColumn(const std::string& text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// A reference from one file to an id defined in another, checked once all
// files are read.
struct Reference {
  std::string file;
  std::string where;
  std::string kind;  // "scale", "dimension", ...
  std::string id;
};

struct Loader {
  FormCheck out;
  std::vector<Reference> scaleRefs;
  std::map<std::string, std::string> fileOf;  // "kind:id" -> file, for duplicate ids
  int scalesFiles = 0;
  int scoringFiles = 0;
  int unreadableFiles = 0;  // not JSON or no kind: they may be the file that seems missing

  bool claimId(Reader& r, const std::string& kind, const std::string& id) {
    const std::string key = kind + ":" + id;
    auto [it, inserted] = fileOf.emplace(key, r.file());
    if (!inserted) {
      r.fail("", kind + " id " + squote(id) + " is already used by " + it->second);
      return false;
    }
    return true;
  }

  void readScales(Reader& r, const rj::Value& doc) {
    ++scalesFiles;
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "scales"});
    const rj::Value* scales = r.array(doc, "scales", "");
    if (!scales) return;
    std::size_t index = 0;
    for (const auto& s : scales->GetArray()) {
      const std::string id = r.elementId(s, "scale", index++);
      if (id.empty()) continue;
      const std::string where = "scale " + squote(id);
      r.onlyFields(s, where, {"id", "name", "options", "decline", "decline_means"});
      Scale scale;
      scale.id = id;
      scale.name = r.text(s, "name", where, true);
      if (s.HasMember("decline")) scale.decline = r.text(s, "decline", where, true);
      if (const std::string means = r.string(s, "decline_means", where, false); !means.empty()) {
        if (!parseMissingKind(means, scale.declineMeans))
          r.fail(where, "unknown decline_means " + squote(means) + " (use declined, not_applicable or dont_know)");
        else if (!scale.decline)
          r.fail(where, "decline_means needs a decline");
      }
      if (const rj::Value* opts = r.array(s, "options", where)) {
        int expected = 1;
        for (const auto& o : opts->GetArray()) {
          if (!o.IsObject()) {
            r.fail(where, "every option must be an object");
            continue;
          }
          r.onlyFields(o, where + ", option " + std::to_string(expected), {"value", "label", "face"});
          ScaleOption opt;
          const auto value = r.integer(o, "value", where, 1, 10);
          if (value && *value != expected)
            r.fail(where, "option values must be 1, 2, 3 … in order; found " + std::to_string(*value) +
                              " where " + std::to_string(expected) + " was expected");
          opt.value = value.value_or(expected);
          opt.label = r.text(o, "label", where + ", option " + std::to_string(opt.value), true);
          const std::string face = r.string(o, "face", where, false);
          if (face == "very_sad") opt.face = Face::VerySad;
          else if (face == "sad") opt.face = Face::Sad;
          else if (face == "happy") opt.face = Face::Happy;
          else if (face == "very_happy") opt.face = Face::VeryHappy;
          else if (!face.empty())
            r.fail(where, "unknown face " + squote(face) + " (use very_sad, sad, happy or very_happy)");
          scale.options.push_back(opt);
          ++expected;
        }
        if (scale.options.size() < 2) r.fail(where, "a scale needs at least two options");
      }
      if (out.forms.scales.count(id)) {
        r.fail(where, "duplicate scale id " + squote(id));
        continue;
      }
      out.forms.scales.emplace(id, std::move(scale));
    }
  }

  void readScoring(Reader& r, const rj::Value& doc, int version) {
    ++scoringFiles;
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "min_answered_share", "change_threshold",
                           "followup_months", "followup_window_months", "rule"});
    ScoringRules& s = out.forms.scoring;
    s.version = version;
    if (auto v = r.number(doc, "min_answered_share", "", 0.01, 1.0)) s.minAnsweredShare = *v;
    if (auto v = r.number(doc, "change_threshold", "", 0.0, 3.0)) s.changeThreshold = *v;
    if (auto v = r.integer(doc, "followup_months", "", 1, 36)) s.followupMonths = *v;
    if (auto v = r.integer(doc, "followup_window_months", "", 0, 36)) s.followupWindowMonths = *v;
    s.rule = r.text(doc, "rule", "", true);
  }

  void readChild(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "title", "dimensions", "items"});
    ChildForm form;
    form.id = id;
    form.version = version;
    form.title = r.text(doc, "title", "", true);
    if (const rj::Value* dims = r.array(doc, "dimensions", "")) {
      std::size_t index = 0;
      for (const auto& d : dims->GetArray()) {
        const std::string dimId = r.elementId(d, "dimension", index++);
        if (dimId.empty()) continue;
        const std::string where = "dimension " + squote(dimId);
        r.onlyFields(d, where, {"id", "name", "direction", "lead_in", "report_note"});
        Dimension dim;
        dim.id = dimId;
        dim.name = r.text(d, "name", where, true);
        dim.leadIn = r.text(d, "lead_in", where, false);
        dim.reportNote = r.text(d, "report_note", where, true, false);
        dim.source = r.string(d, "source", where, false);
        const std::string direction = r.string(d, "direction", where);
        if (direction == "reversed") dim.direction = Direction::Reversed;
        else if (direction != "positive" && !direction.empty())
          r.fail(where, "direction must be 'positive' or 'reversed', not " + squote(direction));
        if (form.dimension(dimId)) {
          r.fail(where, "duplicate dimension id " + squote(dimId));
          continue;
        }
        form.dimensions.push_back(std::move(dim));
      }
    }
    std::set<std::string> itemIds;
    if (const rj::Value* items = r.array(doc, "items", "")) {
      std::size_t index = 0;
      for (const auto& i : items->GetArray()) {
        const std::string itemId = r.elementId(i, "item", index++);
        if (itemId.empty()) continue;
        const std::string where = "item " + squote(itemId);
        r.onlyFields(i, where, {"id", "dimension", "scale", "text", "wording", "source_text", "safeguarding"});
        Item item;
        item.id = itemId;
        item.scale = r.string(i, "scale", where);
        item.text = r.text(i, "text", where, false);
        const std::string wording = r.string(i, "wording", where);
        if (wording == "reconstructed") {
          item.wording = Wording::Reconstructed;
          item.sourceText = r.string(i, "source_text", where);
        } else if (wording != "source" && !wording.empty()) {
          r.fail(where, "wording must be 'source' or 'reconstructed', not " + squote(wording));
        }
        item.dimension = r.string(i, "dimension", where, false);
        if (const rj::Value* sg = r.field(i, "safeguarding", where, false)) {
          const std::string sgWhere = where + ", safeguarding";
          if (!sg->IsObject()) {
            r.fail(sgWhere, "must be an object with flag_at, about and reason");
          } else {
            // flag_at and about together, or neither: an item that counts
            // only through the score still says why, in reason.
            r.onlyFields(*sg, sgWhere, {"flag_at", "about", "reason"});
            ItemSafeguarding rule;
            rule.flagAt = r.integer(*sg, "flag_at", sgWhere, 1, 10, false).value_or(0);
            rule.about = r.text(*sg, "about", sgWhere, true, rule.flagAt > 0);
            if (rule.flagAt == 0 && sg->HasMember("about"))
              r.fail(sgWhere, "'about' names what a flag is about; without 'flag_at' the item never flags alone");
            rule.reason = r.string(*sg, "reason", sgWhere);
            item.safeguarding = std::move(rule);
          }
        }
        if (item.dimension.empty()) {
          r.fail(where, "the item is in no dimension: add \"dimension\": \"<dimension id>\"");
        } else if (!form.dimension(item.dimension)) {
          std::set<std::string> known;
          for (const auto& d : form.dimensions) known.insert(d.id);
          r.fail(where, "unknown dimension " + squote(item.dimension) + " (known: " + joinKeys(known) + ")");
        }
        if (!itemIds.insert(itemId).second) {
          r.fail(where, "duplicate item id " + squote(itemId) + ": item ids must be unique in the questionnaire");
          continue;
        }
        if (!item.scale.empty()) scaleRefs.push_back({r.file(), where, "scale", item.scale});
        form.items.push_back(std::move(item));
      }
    }
    for (auto& dim : form.dimensions) {
      for (const auto& item : form.items) {
        if (item.dimension != dim.id) continue;
        dim.itemIds.push_back(item.id);
        if (item.safeguarding && dim.direction != Direction::Reversed)
          r.fail("item " + squote(item.id) + ", safeguarding",
                 "the item is in the positive dimension " + squote(dim.id) +
                     " (high = no challenges); a single answer can only flag in a reversed dimension");
      }
      if (dim.itemIds.empty()) r.fail("dimension " + squote(dim.id), "the dimension has no items");
    }
    if (form.dimensions.empty()) r.fail("", "the questionnaire has no dimensions");
    if (claimId(r, "child form", id)) out.forms.childForms.emplace(id, std::move(form));
  }

  void readBackground(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "title", "respondent", "sections"});
    BackgroundForm form;
    form.id = id;
    form.version = version;
    form.title = r.text(doc, "title", "", true);
    form.respondent = r.text(doc, "respondent", "", true);
    std::set<std::string> questionIds;
    if (const rj::Value* sections = r.array(doc, "sections", "")) {
      std::size_t sIndex = 0;
      for (const auto& s : sections->GetArray()) {
        const std::string sectionId = r.elementId(s, "section", sIndex++);
        if (sectionId.empty()) continue;
        const std::string swhere = "section " + squote(sectionId);
        r.onlyFields(s, swhere, {"id", "title", "questions"});
        Section section;
        section.id = sectionId;
        section.title = r.text(s, "title", swhere, true);
        if (const rj::Value* qs = r.array(s, "questions", swhere)) {
          std::size_t qIndex = 0;
          for (const auto& q : qs->GetArray()) {
            const std::string qId = r.elementId(q, "question", qIndex++);
            if (qId.empty()) continue;
            const std::string where = "question " + squote(qId);
            r.onlyFields(q, where, {"id", "type", "text", "options", "min", "max", "other", "optional"});
            Question question;
            question.id = qId;
            question.section = sectionId;
            question.text = r.text(q, "text", where, true);
            const std::string type = r.string(q, "type", where);
            if (type == "single") question.type = QuestionType::Single;
            else if (type == "multi") question.type = QuestionType::Multi;
            else if (type == "year") question.type = QuestionType::Year;
            else if (type == "number") question.type = QuestionType::Number;
            else if (type == "text") question.type = QuestionType::Text;
            else if (!type.empty())
              r.fail(where, "unknown type " + squote(type) + " (use single, multi, year, number or text)");
            question.other = r.boolean(q, "other", where);
            question.optional = r.boolean(q, "optional", where);
            const bool choice = question.type == QuestionType::Single || question.type == QuestionType::Multi;
            if (choice) {
              if (const rj::Value* opts = r.array(q, "options", where)) {
                std::set<int> codes;
                for (const auto& o : opts->GetArray()) {
                  if (!o.IsObject()) {
                    r.fail(where, "every option must be an object");
                    continue;
                  }
                  r.onlyFields(o, where, {"code", "label", "missing"});
                  ChoiceOption opt;
                  opt.code = r.integer(o, "code", where, 1, 9999).value_or(0);
                  opt.label = r.text(o, "label", where + ", option " + std::to_string(opt.code), true);
                  if (const std::string missing = r.string(o, "missing", where, false); !missing.empty()) {
                    MissingKind kind{};
                    if (parseMissingKind(missing, kind))
                      opt.missing = kind;
                    else
                      r.fail(where + ", option " + std::to_string(opt.code),
                             "unknown missing " + squote(missing) + " (use declined, not_applicable or dont_know)");
                  }
                  if (opt.code && !codes.insert(opt.code).second)
                    r.fail(where, "option code " + std::to_string(opt.code) + " is used twice");
                  question.options.push_back(opt);
                }
                if (question.options.empty()) r.fail(where, "a choice question needs options");
              }
            } else if (q.HasMember("options")) {
              r.fail(where, "only single and multi questions have options");
            }
            if (question.type == QuestionType::Year || question.type == QuestionType::Number) {
              question.min = r.integer(q, "min", where, -1000000, 1000000, question.type == QuestionType::Year);
              question.max = r.integer(q, "max", where, -1000000, 1000000, question.type == QuestionType::Year);
              if (question.min && question.max && *question.min > *question.max)
                r.fail(where, "min is larger than max");
            }
            if (!questionIds.insert(qId).second) {
              r.fail(where, "duplicate question id " + squote(qId));
              continue;
            }
            section.questions.push_back(std::move(question));
          }
        }
        form.sections.push_back(std::move(section));
      }
    }
    if (out.forms.background) {
      r.fail("", "a second background form; a forms folder has exactly one (the first is " +
                     out.forms.background->id + ")");
      return;
    }
    out.forms.background = std::move(form);
  }

  void readFidelity(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "project", "title", "respondent", "intro", "items"});
    FidelityForm form;
    form.id = id;
    form.version = version;
    form.project = r.string(doc, "project", "");
    form.title = r.text(doc, "title", "", true);
    form.respondent = r.text(doc, "respondent", "", true);
    form.intro = r.text(doc, "intro", "", false, false);
    std::set<std::string> itemIds;
    if (const rj::Value* items = r.array(doc, "items", "")) {
      std::size_t index = 0;
      for (const auto& i : items->GetArray()) {
        const std::string itemId = r.elementId(i, "item", index++);
        if (itemId.empty()) continue;
        const std::string where = "item " + squote(itemId);
        r.onlyFields(i, where, {"id", "scale", "group", "text", "report_mean"});
        FidelityItem item;
        item.id = itemId;
        item.scale = r.string(i, "scale", where);
        item.group = r.text(i, "group", where, false, false);
        item.text = r.text(i, "text", where, false);
        item.source = r.string(i, "source", where, false);
        item.reportMean = r.number(i, "report_mean", where, 1.0, 5.0, false);
        if (!itemIds.insert(itemId).second) {
          r.fail(where, "duplicate item id " + squote(itemId));
          continue;
        }
        if (!item.scale.empty()) scaleRefs.push_back({r.file(), where, "scale", item.scale});
        form.items.push_back(std::move(item));
      }
      if (form.items.empty()) r.fail("", "the fidelity form has no items");
    }
    if (claimId(r, "fidelity form", id)) out.forms.fidelityForms.emplace(id, std::move(form));
  }

  void readProject(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, "", {"format", "kind", "id", "version", "name", "short_name", "organisation",
                           "municipalities", "target_group", "age_min", "age_max", "child_form", "dimensions", "interventions",
                           "fidelity_form", "course_weeks", "progression_every_weeks", "safeguarding", "consent"});
    Project p;
    p.id = id;
    p.version = version;
    p.name = r.text(doc, "name", "", true);
    // The name on a volunteer's screens (home, chips, titles): a project's
    // full name can be 100 characters. Optional; the name is used without it.
    p.shortName = doc.HasMember("short_name") ? r.text(doc, "short_name", "", true) : p.name;
    for (const std::string* t : {&p.shortName.da, &p.shortName.en}) {
      const auto chars = std::count_if(t->begin(), t->end(), [](char c) { return (c & 0xC0) != 0x80; });
      if (chars > kMaxShortName)
        r.fail("field 'short_name'", squote(*t) + " has " + std::to_string(chars) + " characters; a short name has at most " +
                                         std::to_string(kMaxShortName) + " (it must fit on a button)");
    }
    p.organisation = r.string(doc, "organisation", "");
    p.municipalities = r.stringList(doc, "municipalities", "");
    p.targetGroup = r.text(doc, "target_group", "", true);
    p.ageMin = r.integer(doc, "age_min", "", 0, 30).value_or(0);
    p.ageMax = r.integer(doc, "age_max", "", 0, 30).value_or(0);
    if (p.ageMin > p.ageMax) r.fail("", "age_min is larger than age_max");
    p.childForm = r.string(doc, "child_form", "");
    p.dimensions = r.stringList(doc, "dimensions", "");
    if (p.dimensions.empty() && doc.HasMember("dimensions")) r.fail("", "the project measures no dimensions");
    for (const auto& s : r.stringList(doc, "interventions", "")) {
      Intervention i{};
      if (parseIntervention(s, i)) p.interventions.push_back(i);
      else r.fail("", "unknown intervention type " + squote(s) + " (use individual, group or family)");
    }
    if (p.interventions.empty()) r.fail("", "the project lists no intervention types");
    if (const rj::Value* f = r.field(doc, "fidelity_form", "", true)) {
      if (f->IsString()) p.fidelityForm = f->GetString();
      else if (!f->IsNull()) r.fail("", "field 'fidelity_form' must be a form id or null");
    }
    // From what age the young person consents for themselves (issue 14);
    // optional: an older project file means 18, the age of majority.
    if (const rj::Value* c = r.field(doc, "consent", "", false)) {
      if (!c->IsObject()) {
        r.fail("consent", "must be an object");
      } else {
        r.onlyFields(*c, "consent", {"own_from_age"});
        p.consentOwnFromAge = r.integer(*c, "own_from_age", "consent", 12, 30).value_or(18);
      }
    }
    p.courseWeeks = r.integer(doc, "course_weeks", "", 1, 520).value_or(0);
    p.progressionEveryWeeks = r.integer(doc, "progression_every_weeks", "", 0, 52).value_or(0);
    if (const rj::Value* sg = r.field(doc, "safeguarding", "", true)) {
      const std::string where = "safeguarding";
      if (!sg->IsObject()) {
        r.fail(where, "must be an object");
      } else {
        r.onlyFields(*sg, where, {"dimensions", "item_threshold", "score_threshold", "text"});
        p.safeguarding.dimensions = r.stringList(*sg, "dimensions", where);
        const bool active = !p.safeguarding.dimensions.empty();
        // Optional: the bundled forms give each item its own rule instead.
        p.safeguarding.itemThreshold = r.integer(*sg, "item_threshold", where, 1, 10, false).value_or(0);
        p.safeguarding.scoreThreshold = r.number(*sg, "score_threshold", where, 1.0, 10.0, active).value_or(0.0);
        p.safeguarding.text = r.text(*sg, "text", where, true);
      }
    }
    p.source = r.string(doc, "source", "", false);
    p.notes = r.string(doc, "notes", "", false);
    if (claimId(r, "project", id)) out.forms.projects.emplace(id, std::move(p));
  }

  void readFile(const std::string& path, const std::string& text) {
    Reader r(path, out.problems);
    rj::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) {
      auto [line, col] = lineAndColumn(text, doc.GetErrorOffset());
      r.fail("line " + std::to_string(line) + ", column " + std::to_string(col),
             std::string("not valid JSON: ") + rj::GetParseError_En(doc.GetParseError()));
      ++unreadableFiles;
      return;
    }
    if (!doc.IsObject()) {
      r.fail("", "a form file must be one JSON object, not " + std::string(typeName(doc)));
      ++unreadableFiles;
      return;
    }
    findDuplicateKeys(doc, "", r);
    const std::string format = r.string(doc, "format", "");
    if (!format.empty() && format != kFormat) {
      r.fail("field 'format'", squote(format) + " is not a format this version of Spor reads (expected " +
                                   squote(kFormat) + "); update Spor or use an older form package");
      ++unreadableFiles;
      return;
    }
    const std::string kind = r.string(doc, "kind", "");
    const std::string id = r.string(doc, "id", "");
    if (!id.empty() && !validId(id)) r.fail("field 'id'", "must be lower-case letters, digits and '_'");
    const int version = r.integer(doc, "version", "", 1, 1000000).value_or(0);
    if (kind.empty()) {
      ++unreadableFiles;
      return;
    }
    if (kind == "scales") readScales(r, doc);
    else if (kind == "scoring") readScoring(r, doc, version);
    else if (kind == "child") readChild(r, doc, id, version);
    else if (kind == "background") readBackground(r, doc, id, version);
    else if (kind == "fidelity") readFidelity(r, doc, id, version);
    else if (kind == "project") readProject(r, doc, id, version);
    else {
      r.fail("field 'kind'", "unknown kind " + squote(kind) +
                                 " (use scales, scoring, child, background, fidelity or project)");
      ++unreadableFiles;
      return;
    }
    out.forms.files.push_back({path, kind, id, version});
  }

  // Links between files, once every file is read.
  void crossCheck(const std::string& label) {
    auto fail = [&](const std::string& file, const std::string& where, const std::string& msg) {
      out.problems.push_back({file, where, msg});
    };
    // A file that could not be read may be the one that seems missing or
    // the one a link points to: name only that file's problem, not a cascade.
    // The links are checked on the next run, once every file can be read.
    if (unreadableFiles > 0) return;
    if (scalesFiles == 0) fail(label, "", "no scales file (kind \"scales\") found");
    if (scalesFiles > 1) fail(label, "", "more than one scales file; keep all scales in one");
    if (scoringFiles == 0) fail(label, "", "no scoring rules (kind \"scoring\") found");
    if (scoringFiles > 1) fail(label, "", "more than one scoring file");
    if (out.forms.childForms.empty()) fail(label, "", "no child questionnaire (kind \"child\") found");
    if (!out.forms.background) fail(label, "", "no background form (kind \"background\") found");
    if (out.forms.projects.empty()) fail(label, "", "no projects (kind \"project\") found");

    const auto knownScales = keysOf(out.forms.scales);
    for (const auto& ref : scaleRefs)
      if (!out.forms.scales.count(ref.id))
        fail(ref.file, ref.where, "unknown scale " + squote(ref.id) + " (known: " + joinKeys(knownScales) + ")");

    auto fileFor = [&](const std::string& kind, const std::string& id) {
      auto it = fileOf.find(kind + ":" + id);
      return it == fileOf.end() ? label : it->second;
    };
    for (const auto& [id, f] : out.forms.fidelityForms)
      if (!f.project.empty() && !out.forms.projects.count(f.project))
        fail(fileFor("fidelity form", id), "field 'project'",
             "unknown project " + squote(f.project) + " (known: " + joinKeys(keysOf(out.forms.projects)) + ")");

    for (const auto& [id, p] : out.forms.projects) {
      const std::string file = fileFor("project", id);
      auto formIt = out.forms.childForms.find(p.childForm);
      if (formIt == out.forms.childForms.end()) {
        if (!p.childForm.empty())
          fail(file, "field 'child_form'", "unknown child form " + squote(p.childForm) + " (known: " +
                                               joinKeys(keysOf(out.forms.childForms)) + ")");
        continue;
      }
      const ChildForm& form = formIt->second;
      std::set<std::string> known;
      for (const auto& d : form.dimensions) known.insert(d.id);
      std::set<std::string> seen;
      for (const auto& d : p.dimensions) {
        if (!known.count(d))
          fail(file, "field 'dimensions'",
               "unknown dimension " + squote(d) + " (known in " + form.id + ": " + joinKeys(known) + ")");
        if (!seen.insert(d).second) fail(file, "field 'dimensions'", "dimension " + squote(d) + " is listed twice");
      }
      for (const auto& d : p.safeguarding.dimensions) {
        if (!known.count(d))
          fail(file, "safeguarding", "unknown dimension " + squote(d) + " (known: " + joinKeys(known) + ")");
        else if (!p.measures(d))
          fail(file, "safeguarding", "dimension " + squote(d) + " is not among the dimensions the project measures");
        else if (const Dimension* dim = form.dimension(d); dim && dim->direction != Direction::Reversed)
          fail(file, "safeguarding",
               "dimension " + squote(d) + " is positive (high = no challenges); thresholds only make sense for "
               "reversed dimensions, where a high answer means more challenges");
      }
      if (p.fidelityForm && !out.forms.fidelityForms.count(*p.fidelityForm))
        fail(file, "field 'fidelity_form'", "unknown fidelity form " + squote(*p.fidelityForm) + " (known: " +
                                                joinKeys(keysOf(out.forms.fidelityForms)) + ")");
    }
  }
};

std::string readWholeFile(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot be read (check that it exists and that you may read it)";
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

FormCheck checkFormFiles(const std::vector<std::pair<std::string, std::string>>& files, const std::string& label) {
  Loader loader;
  loader.out.forms.dir = label;
  for (const auto& [path, text] : files) loader.readFile(path, text);
  loader.crossCheck(label);
  return std::move(loader.out);
}

FormCheck checkForms(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    FormCheck check;
    check.problems.push_back({dir, "", "is not a folder of forms (give the path to a forms/ folder)"});
    return check;
  }
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());  // stable order: messages and summaries do not shuffle
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<Problem> unreadable;
  for (const auto& p : paths) {  // generic_string: messages name files with '/' on Windows too
    std::string error;
    std::string text = readWholeFile(p, error);
    if (!error.empty()) unreadable.push_back({p.generic_string(), "", error});
    else files.emplace_back(p.generic_string(), std::move(text));
  }
  FormCheck check = checkFormFiles(files, dir);
  check.forms.dir = dir;
  check.problems.insert(check.problems.begin(), unreadable.begin(), unreadable.end());
  return check;
}

FormSet loadForms(const std::string& dir) {
  FormCheck check = checkForms(dir);
  if (!check.ok()) throw FormError(std::move(check.problems));
  return std::move(check.forms);
}

}  // namespace spor::core
