#include "core/form_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace spor::core {

namespace fs = std::filesystem;
namespace rj = rapidjson;

std::string Problem::str(Lang lang) const {
  std::string s = file;
  if (where) s += ": " + render(*where, lang);
  s += ": " + render(message, lang);
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

std::string joinKeys(const std::set<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s.empty() ? "–" : s;
}

// Where in a file a problem is: nothing (the whole file), or a field, an
// element, a place in the text, or one inside another.
using Where = std::optional<Message>;

Message fieldAt(const std::string& name) {
  return {Msg::FormWhereField, {{"name", name}}};
}
Message idAt(Msg code, const std::string& id) {
  return {code, {{"id", id}}};
}
Message keyAt(const std::string& key) {
  return {Msg::FormWhereKey, {{"key", key}}};
}
Message inside(const Where& outer, const Message& inner) {
  if (!outer) return inner;
  return {Msg::FormWhereIn, {{"outer", *outer}, {"inner", inner}}};
}
Message optionAt(const Where& outer, int code) {
  return inside(outer, {Msg::FormWhereOption, {{"code", code}}});
}
Message named(Msg code, const std::string& name) {
  return {code, {{"name", name}}};
}

template <typename Map>
std::set<std::string> keysOf(const Map& m) {
  std::set<std::string> s;
  for (const auto& [k, v] : m) s.insert(k);
  return s;
}

bool validId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Msg typeName(const rj::Value& v) {
  if (v.IsNull()) return Msg::FormTypeNull;
  if (v.IsBool()) return Msg::FormTypeBool;
  if (v.IsObject()) return Msg::FormTypeObject;
  if (v.IsArray()) return Msg::FormTypeList;
  if (v.IsString()) return Msg::FormTypeText;
  return Msg::FormTypeNumber;
}

// "field 'x' must be ..., not a list": the field's name and the type found.
Message typed(Msg code, const std::string& name, const rj::Value& v) {
  return {code, {{"name", name}, {"type", typeName(v)}}};
}

// Reads one JSON file, recording problems with the file's name and a
// "where" that names the item or section being read.
class Reader {
 public:
  Reader(std::string file, std::vector<Problem>& problems) : file_(std::move(file)), problems_(problems) {}

  void fail(const Where& where, Message message) { problems_.push_back({file_, where, std::move(message)}); }
  [[nodiscard]] const std::string& file() const { return file_; }

  // Refuses fields that are not in `allowed` (source and notes are always allowed).
  void onlyFields(const rj::Value& obj, const Where& where, std::initializer_list<const char*> allowed) {
    for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (name == "source" || name == "notes") continue;
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(where, {Msg::FormUnknownField, {{"name", name}, {"allowed", list}}});
      }
    }
  }

  const rj::Value* field(const rj::Value& obj, const char* name, const Where& where, bool required) {
    auto m = obj.FindMember(name);
    if (m == obj.MemberEnd()) {
      if (required) fail(where, named(Msg::FormMissingField, name));
      return nullptr;
    }
    return &m->value;
  }

  std::string string(const rj::Value& obj, const char* name, const Where& where, bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return {};
    if (!v->IsString()) {
      fail(where, typed(Msg::FormNotText, name, *v));
      return {};
    }
    std::string s = v->GetString();
    if (required && s.empty()) fail(where, named(Msg::FormEmptyField, name));
    return s;
  }

  std::optional<int> integer(const rj::Value& obj, const char* name, const Where& where, int lo, int hi,
                             bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return std::nullopt;
    if (!v->IsInt()) {
      fail(where, typed(Msg::FormNotWhole, name, *v));
      return std::nullopt;
    }
    const int i = v->GetInt();
    if (i < lo || i > hi) {
      fail(where, {Msg::FormOutOfRange, {{"name", name}, {"value", i}, {"low", lo}, {"high", hi}}});
      return std::nullopt;
    }
    return i;
  }

  std::optional<double> number(const rj::Value& obj, const char* name, const Where& where, double lo, double hi,
                               bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return std::nullopt;
    if (!v->IsNumber()) {
      fail(where, typed(Msg::FormNotNumber, name, *v));
      return std::nullopt;
    }
    const double d = v->GetDouble();
    if (d < lo || d > hi) {
      const auto text = [](double x) {
        std::ostringstream out;
        out << x;
        return out.str();
      };
      fail(where, {Msg::FormOutOfRange, {{"name", name}, {"value", text(d)}, {"low", text(lo)}, {"high", text(hi)}}});
      return std::nullopt;
    }
    return d;
  }

  bool boolean(const rj::Value& obj, const char* name, const Where& where) {
    const rj::Value* v = field(obj, name, where, false);
    if (!v) return false;
    if (!v->IsBool()) {
      fail(where, typed(Msg::FormNotBool, name, *v));
      return false;
    }
    return v->GetBool();
  }

  // A localised text: {"da": "...", "en": "..."}; Danish always required.
  LocalText text(const rj::Value& obj, const char* name, const Where& where, bool requireEnglish,
                 bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return {};
    const Where at = inside(where, fieldAt(name));
    if (!v->IsObject()) {
      fail(where, typed(Msg::FormNotLocalText, name, *v));
      return {};
    }
    onlyFields(*v, at, {"da", "en"});
    LocalText t;
    t.da = string(*v, "da", at, true);
    t.en = string(*v, "en", at, requireEnglish);
    return t;
  }

  const rj::Value* array(const rj::Value& obj, const char* name, const Where& where, bool required = true) {
    const rj::Value* v = field(obj, name, where, required);
    if (!v) return nullptr;
    if (!v->IsArray()) {
      fail(where, typed(Msg::FormNotList, name, *v));
      return nullptr;
    }
    return v;
  }

  std::vector<std::string> stringList(const rj::Value& obj, const char* name, const Where& where,
                                      bool required = true) {
    std::vector<std::string> out;
    const rj::Value* a = array(obj, name, where, required);
    if (!a) return out;
    for (const auto& e : a->GetArray()) {
      if (!e.IsString()) {
        fail(where, typed(Msg::FormNotTextList, name, e));
        continue;
      }
      out.emplace_back(e.GetString());
    }
    return out;
  }

  // The "id" of an element of a list, with a fallback name for messages.
  std::string elementId(const rj::Value& obj, Msg what, std::size_t index) {
    const Message fallback{Msg::FormWhereNth, {{"kind", what}, {"n", index + 1}}};
    if (!obj.IsObject()) {
      fail(fallback, {Msg::FormNotObjectType, {{"type", typeName(obj)}}});
      return {};
    }
    auto m = obj.FindMember("id");
    if (m == obj.MemberEnd()) {
      fail(fallback, named(Msg::FormMissingField, "id"));
      return {};
    }
    if (!m->value.IsString() || !validId(m->value.GetString())) {
      fail(fallback, Msg::FormBadElementId);
      return {};
    }
    return m->value.GetString();
  }

 private:
  std::string file_;
  std::vector<Problem>& problems_;
};

// JSON allows the same key twice; a form author never means it.
void findDuplicateKeys(const rj::Value& v, Reader& r) {
  if (v.IsObject()) {
    std::set<std::string> seen;
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (!seen.insert(name).second) r.fail(std::nullopt, named(Msg::FormDuplicateKey, name));
      findDuplicateKeys(m->value, r);
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) findDuplicateKeys(e, r);
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
struct Reference {  // to a scale
  std::string file;
  Where where;
  std::string id;
};

struct Loader {
  FormCheck out;
  std::vector<Reference> scaleRefs;
  std::map<std::string, std::string> fileOf;  // "kind:id" -> file, for duplicate ids
  int scalesFiles = 0;
  int scoringFiles = 0;
  int unreadableFiles = 0;  // not JSON or no kind: they may be the file that seems missing

  bool claimId(Reader& r, Msg kind, const std::string& id) {
    const std::string key = std::string(codeName(kind)) + ":" + id;
    auto [it, inserted] = fileOf.emplace(key, r.file());
    if (!inserted) {
      r.fail(std::nullopt, {Msg::FormIdUsed, {{"kind", kind}, {"id", id}, {"file", it->second}}});
      return false;
    }
    return true;
  }

  void readScales(Reader& r, const rj::Value& doc) {
    ++scalesFiles;
    r.onlyFields(doc, std::nullopt, {"format", "kind", "id", "version", "scales"});
    const rj::Value* scales = r.array(doc, "scales", std::nullopt);
    if (!scales) return;
    std::size_t index = 0;
    for (const auto& s : scales->GetArray()) {
      const std::string id = r.elementId(s, Msg::FormWordScale, index++);
      if (id.empty()) continue;
      const Where where = idAt(Msg::FormWhereScale, id);
      r.onlyFields(s, where, {"id", "name", "options", "decline", "decline_means"});
      Scale scale;
      scale.id = id;
      scale.name = r.text(s, "name", where, true);
      if (s.HasMember("decline")) scale.decline = r.text(s, "decline", where, true);
      if (const std::string means = r.string(s, "decline_means", where, false); !means.empty()) {
        if (!parseMissingKind(means, scale.declineMeans))
          r.fail(where, {Msg::FormUnknownDeclineMeans, {{"value", means}}});
        else if (!scale.decline)
          r.fail(where, Msg::FormDeclineMeansNeedsDecline);
      }
      if (const rj::Value* opts = r.array(s, "options", where)) {
        int expected = 1;
        for (const auto& o : opts->GetArray()) {
          if (!o.IsObject()) {
            r.fail(where, Msg::FormOptionNotObject);
            continue;
          }
          r.onlyFields(o, optionAt(where, expected), {"value", "label", "face"});
          ScaleOption opt;
          const auto value = r.integer(o, "value", where, 1, 10);
          if (value && *value != expected)
            r.fail(where, {Msg::FormOptionOrder, {{"found", *value}, {"expected", expected}}});
          opt.value = value.value_or(expected);
          opt.label = r.text(o, "label", optionAt(where, opt.value), true);
          const std::string face = r.string(o, "face", where, false);
          if (face == "very_sad")
            opt.face = Face::VerySad;
          else if (face == "sad")
            opt.face = Face::Sad;
          else if (face == "happy")
            opt.face = Face::Happy;
          else if (face == "very_happy")
            opt.face = Face::VeryHappy;
          else if (!face.empty())
            r.fail(where, {Msg::FormUnknownFace, {{"face", face}}});
          scale.options.push_back(opt);
          ++expected;
        }
        if (scale.options.size() < 2) r.fail(where, Msg::FormScaleTooFew);
      }
      if (out.forms.scales.count(id)) {
        r.fail(where, {Msg::FormDuplicateId, {{"kind", Msg::FormWordScale}, {"id", id}}});
        continue;
      }
      out.forms.scales.emplace(id, std::move(scale));
    }
  }

  void readScoring(Reader& r, const rj::Value& doc, int version) {
    ++scoringFiles;
    r.onlyFields(doc, std::nullopt,
                 {"format", "kind", "id", "version", "min_answered_share", "change_threshold", "followup_months",
                  "followup_window_months", "rule"});
    ScoringRules& s = out.forms.scoring;
    s.version = version;
    if (auto v = r.number(doc, "min_answered_share", std::nullopt, 0.01, 1.0)) s.minAnsweredShare = *v;
    if (auto v = r.number(doc, "change_threshold", std::nullopt, 0.0, 3.0)) s.changeThreshold = *v;
    if (auto v = r.integer(doc, "followup_months", std::nullopt, 1, 36)) s.followupMonths = *v;
    if (auto v = r.integer(doc, "followup_window_months", std::nullopt, 0, 36)) s.followupWindowMonths = *v;
    s.rule = r.text(doc, "rule", std::nullopt, true);
  }

  void readChild(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, std::nullopt, {"format", "kind", "id", "version", "title", "dimensions", "items"});
    ChildForm form;
    form.id = id;
    form.version = version;
    form.title = r.text(doc, "title", std::nullopt, true);
    if (const rj::Value* dims = r.array(doc, "dimensions", std::nullopt)) {
      std::size_t index = 0;
      for (const auto& d : dims->GetArray()) {
        const std::string dimId = r.elementId(d, Msg::FormWordDimension, index++);
        if (dimId.empty()) continue;
        const Where where = idAt(Msg::FormWhereDimension, dimId);
        r.onlyFields(d, where, {"id", "name", "direction", "lead_in", "report_note"});
        Dimension dim;
        dim.id = dimId;
        dim.name = r.text(d, "name", where, true);
        dim.leadIn = r.text(d, "lead_in", where, false);
        dim.reportNote = r.text(d, "report_note", where, true, false);
        dim.source = r.string(d, "source", where, false);
        const std::string direction = r.string(d, "direction", where);
        if (direction == "reversed")
          dim.direction = Direction::Reversed;
        else if (direction != "positive" && !direction.empty())
          r.fail(where, {Msg::FormBadDirection, {{"value", direction}}});
        if (form.dimension(dimId)) {
          r.fail(where, {Msg::FormDuplicateId, {{"kind", Msg::FormWordDimension}, {"id", dimId}}});
          continue;
        }
        form.dimensions.push_back(std::move(dim));
      }
    }
    std::set<std::string> itemIds;
    if (const rj::Value* items = r.array(doc, "items", std::nullopt)) {
      std::size_t index = 0;
      for (const auto& i : items->GetArray()) {
        const std::string itemId = r.elementId(i, Msg::FormWordItem, index++);
        if (itemId.empty()) continue;
        const Where where = idAt(Msg::FormWhereItem, itemId);
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
          r.fail(where, {Msg::FormBadWording, {{"value", wording}}});
        }
        item.dimension = r.string(i, "dimension", where, false);
        if (const rj::Value* sg = r.field(i, "safeguarding", where, false)) {
          const Where sgWhere = inside(where, keyAt("safeguarding"));
          if (!sg->IsObject()) {
            r.fail(sgWhere, Msg::FormSafeguardingNotObject);
          } else {
            // flag_at and about together, or neither: an item that counts
            // only through the score still says why, in reason.
            r.onlyFields(*sg, sgWhere, {"flag_at", "about", "reason"});
            ItemSafeguarding rule;
            rule.flagAt = r.integer(*sg, "flag_at", sgWhere, 1, 10, false).value_or(0);
            rule.about = r.text(*sg, "about", sgWhere, true, rule.flagAt > 0);
            if (rule.flagAt == 0 && sg->HasMember("about")) r.fail(sgWhere, Msg::FormAboutWithoutFlag);
            rule.reason = r.string(*sg, "reason", sgWhere);
            item.safeguarding = std::move(rule);
          }
        }
        if (item.dimension.empty()) {
          r.fail(where, Msg::FormItemNoDimension);
        } else if (!form.dimension(item.dimension)) {
          std::set<std::string> known;
          for (const auto& d : form.dimensions) known.insert(d.id);
          r.fail(where, {Msg::FormUnknownRef,
                         {{"kind", Msg::FormWordDimension}, {"id", item.dimension}, {"known", joinKeys(known)}}});
        }
        if (!itemIds.insert(itemId).second) {
          r.fail(where, {Msg::FormDuplicateChildItem, {{"id", itemId}}});
          continue;
        }
        if (!item.scale.empty()) scaleRefs.push_back({r.file(), where, item.scale});
        form.items.push_back(std::move(item));
      }
    }
    for (auto& dim : form.dimensions) {
      for (const auto& item : form.items) {
        if (item.dimension != dim.id) continue;
        dim.itemIds.push_back(item.id);
        if (item.safeguarding && dim.direction != Direction::Reversed)
          r.fail(inside(idAt(Msg::FormWhereItem, item.id), keyAt("safeguarding")),
                 {Msg::FormFlagInPositive, {{"dimension", dim.id}}});
      }
      if (dim.itemIds.empty()) r.fail(idAt(Msg::FormWhereDimension, dim.id), Msg::FormDimensionNoItems);
    }
    if (form.dimensions.empty()) r.fail(std::nullopt, Msg::FormNoDimensions);
    if (claimId(r, Msg::FormWordChildForm, id)) out.forms.childForms.emplace(id, std::move(form));
  }

  // A background form, or (activity) an activity follow-up form: the same
  // questions, asked about one child at the points its `tidspunkt` names.
  void readBackground(Reader& r, const rj::Value& doc, const std::string& id, int version, bool activity = false) {
    r.onlyFields(doc, std::nullopt, {"format", "kind", "id", "version", "title", "respondent", "sections"});
    BackgroundForm form;
    form.id = id;
    form.version = version;
    form.title = r.text(doc, "title", std::nullopt, true);
    form.respondent = r.text(doc, "respondent", std::nullopt, true);
    std::set<std::string> questionIds;
    if (const rj::Value* sections = r.array(doc, "sections", std::nullopt)) {
      std::size_t sIndex = 0;
      for (const auto& s : sections->GetArray()) {
        const std::string sectionId = r.elementId(s, Msg::FormWordSection, sIndex++);
        if (sectionId.empty()) continue;
        const Where swhere = idAt(Msg::FormWhereSection, sectionId);
        r.onlyFields(s, swhere, {"id", "title", "questions"});
        Section section;
        section.id = sectionId;
        section.title = r.text(s, "title", swhere, true);
        if (const rj::Value* qs = r.array(s, "questions", swhere)) {
          std::size_t qIndex = 0;
          for (const auto& q : qs->GetArray()) {
            const std::string qId = r.elementId(q, Msg::FormWordQuestion, qIndex++);
            if (qId.empty()) continue;
            const Where where = idAt(Msg::FormWhereQuestion, qId);
            r.onlyFields(q, where, {"id", "type", "text", "options", "min", "max", "other", "optional"});
            Question question;
            question.id = qId;
            question.section = sectionId;
            question.text = r.text(q, "text", where, true);
            const std::string type = r.string(q, "type", where);
            if (type == "single")
              question.type = QuestionType::Single;
            else if (type == "multi")
              question.type = QuestionType::Multi;
            else if (type == "year")
              question.type = QuestionType::Year;
            else if (type == "number")
              question.type = QuestionType::Number;
            else if (type == "text")
              question.type = QuestionType::Text;
            else if (!type.empty())
              r.fail(where, {Msg::FormUnknownType, {{"value", type}}});
            question.other = r.boolean(q, "other", where);
            question.optional = r.boolean(q, "optional", where);
            const bool choice = question.type == QuestionType::Single || question.type == QuestionType::Multi;
            if (choice) {
              if (const rj::Value* opts = r.array(q, "options", where)) {
                std::set<int> codes;
                for (const auto& o : opts->GetArray()) {
                  if (!o.IsObject()) {
                    r.fail(where, Msg::FormOptionNotObject);
                    continue;
                  }
                  r.onlyFields(o, where, {"code", "label", "missing"});
                  ChoiceOption opt;
                  opt.code = r.integer(o, "code", where, 1, 9999).value_or(0);
                  opt.label = r.text(o, "label", optionAt(where, opt.code), true);
                  if (const std::string missing = r.string(o, "missing", where, false); !missing.empty()) {
                    MissingKind kind{};
                    if (parseMissingKind(missing, kind))
                      opt.missing = kind;
                    else
                      r.fail(optionAt(where, opt.code), {Msg::FormUnknownMissing, {{"value", missing}}});
                  }
                  if (opt.code && !codes.insert(opt.code).second)
                    r.fail(where, {Msg::FormOptionCodeTwice, {{"code", opt.code}}});
                  question.options.push_back(opt);
                }
                if (question.options.empty()) r.fail(where, Msg::FormChoiceNeedsOptions);
              }
            } else if (q.HasMember("options")) {
              r.fail(where, Msg::FormOptionsOnlyChoice);
            }
            if (question.type == QuestionType::Year || question.type == QuestionType::Number) {
              question.min = r.integer(q, "min", where, -1000000, 1000000, question.type == QuestionType::Year);
              question.max = r.integer(q, "max", where, -1000000, 1000000, question.type == QuestionType::Year);
              if (question.min && question.max && *question.min > *question.max) r.fail(where, Msg::FormMinAboveMax);
            }
            if (!questionIds.insert(qId).second) {
              r.fail(where, {Msg::FormDuplicateId, {{"kind", Msg::FormWordQuestion}, {"id", qId}}});
              continue;
            }
            section.questions.push_back(std::move(question));
          }
        }
        form.sections.push_back(std::move(section));
      }
    }
    if (activity) {
      checkActivity(r, form);
      if (claimId(r, Msg::FormWordActivityForm, id)) out.forms.activityForms.emplace(id, std::move(form));
      return;
    }
    if (out.forms.background) {
      r.fail(std::nullopt, {Msg::FormSecondBackground, {{"id", out.forms.background->id}}});
      return;
    }
    out.forms.background = std::move(form);
  }

  // What the checklist and the report read from an activity form by fixed
  // ids (core::kActivity*): the points, and "Ja" (1) / "Nej" (2) on the
  // started and still-active questions. No free text: its answers go into
  // every export.
  void checkActivity(Reader& r, const BackgroundForm& form) {
    const auto yesNo = [&](const char* qId) {
      const Question* q = form.question(qId);
      if (!q) {
        r.fail(std::nullopt, {Msg::FormActivityQuestionMissing, {{"id", qId}}});
        return;
      }
      const ChoiceOption* yes = q->option(kActivityYes);
      const ChoiceOption* no = q->option(kActivityNo);
      if (q->type != QuestionType::Single || !yes || !no || yes->missing || no->missing)
        r.fail(idAt(Msg::FormWhereQuestion, qId), {Msg::FormActivityYesNo, {{"id", qId}}});
    };
    if (const Question* q = form.question(kActivityPointQuestion)) {
      bool months = q->type == QuestionType::Single && !q->other;
      for (const ChoiceOption& o : q->options)
        if (!o.missing && o.code > 36) months = false;
      if (!months || activityPoints(form).empty())
        r.fail(idAt(Msg::FormWhereQuestion, kActivityPointQuestion), Msg::FormActivityPoints);
    } else {
      r.fail(std::nullopt, {Msg::FormActivityQuestionMissing, {{"id", kActivityPointQuestion}}});
    }
    yesNo(kActivityStartedQuestion);
    yesNo(kActivityActiveQuestion);
    for (const Section& s : form.sections)
      for (const Question& q : s.questions)
        if (q.type == QuestionType::Text || q.other)
          r.fail(idAt(Msg::FormWhereQuestion, q.id), Msg::FormActivityFreeText);
  }

  void readFidelity(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, std::nullopt,
                 {"format", "kind", "id", "version", "project", "title", "respondent", "intro", "items"});
    FidelityForm form;
    form.id = id;
    form.version = version;
    form.project = r.string(doc, "project", std::nullopt);
    form.title = r.text(doc, "title", std::nullopt, true);
    form.respondent = r.text(doc, "respondent", std::nullopt, true);
    form.intro = r.text(doc, "intro", std::nullopt, false, false);
    std::set<std::string> itemIds;
    if (const rj::Value* items = r.array(doc, "items", std::nullopt)) {
      std::size_t index = 0;
      for (const auto& i : items->GetArray()) {
        const std::string itemId = r.elementId(i, Msg::FormWordItem, index++);
        if (itemId.empty()) continue;
        const Where where = idAt(Msg::FormWhereItem, itemId);
        r.onlyFields(i, where, {"id", "scale", "group", "text", "report_mean"});
        FidelityItem item;
        item.id = itemId;
        item.scale = r.string(i, "scale", where);
        item.group = r.text(i, "group", where, false, false);
        item.text = r.text(i, "text", where, false);
        item.source = r.string(i, "source", where, false);
        item.reportMean = r.number(i, "report_mean", where, 1.0, 5.0, false);
        if (!itemIds.insert(itemId).second) {
          r.fail(where, {Msg::FormDuplicateId, {{"kind", Msg::FormWordItem}, {"id", itemId}}});
          continue;
        }
        if (!item.scale.empty()) scaleRefs.push_back({r.file(), where, item.scale});
        form.items.push_back(std::move(item));
      }
      if (form.items.empty()) r.fail(std::nullopt, Msg::FormFidelityNoItems);
    }
    if (claimId(r, Msg::FormWordFidelityForm, id)) out.forms.fidelityForms.emplace(id, std::move(form));
  }

  // "source" (the text is the sources') or "spor_draft" (Spor wrote it for
  // the project to review); empty when the optional field is absent.
  static std::string origin(Reader& r, const rj::Value& obj, const char* name, const Where& where) {
    const std::string value = r.string(obj, name, where, false);
    if (!value.empty() && value != "source" && value != "spor_draft")
      r.fail(where, {Msg::FormUnknownOrigin, {{"name", name}, {"value", value}}});
    return value;
  }

  void readProject(Reader& r, const rj::Value& doc, const std::string& id, int version) {
    r.onlyFields(doc, std::nullopt,
                 {"format", "kind", "id", "version", "name", "short_name", "organisation", "municipalities",
                  "target_group", "age_min", "age_max", "genders", "child_form", "dimensions", "interventions",
                  "fidelity_form", "course_weeks", "progression_every_weeks", "safeguarding", "consent", "activity_form",
                  "assumptions"});
    Project p;
    p.id = id;
    p.version = version;
    p.name = r.text(doc, "name", std::nullopt, true);
    // The name on a volunteer's screens (home, chips, titles): a project's
    // full name can be 100 characters. Optional; the name is used without it.
    p.shortName = doc.HasMember("short_name") ? r.text(doc, "short_name", std::nullopt, true) : p.name;
    for (const std::string* t : {&p.shortName.da, &p.shortName.en}) {
      const auto chars = std::count_if(t->begin(), t->end(), [](char c) { return (c & 0xC0) != 0x80; });
      if (chars > kMaxShortName)
        r.fail(fieldAt("short_name"),
               {Msg::FormShortNameTooLong,
                {{"text", *t}, {"chars", static_cast<long long>(chars)}, {"max", kMaxShortName}}});
    }
    p.organisation = r.string(doc, "organisation", std::nullopt);
    p.municipalities = r.stringList(doc, "municipalities", std::nullopt);
    p.targetGroup = r.text(doc, "target_group", std::nullopt, true);
    p.ageMin = r.integer(doc, "age_min", std::nullopt, 0, 30).value_or(0);
    p.ageMax = r.integer(doc, "age_max", std::nullopt, 0, 30).value_or(0);
    if (p.ageMin > p.ageMax) r.fail(std::nullopt, Msg::FormAgeMinAboveMax);
    // Whom the project is for by gender (optional; without it, all).
    for (const auto& g : r.stringList(doc, "genders", std::nullopt, false)) {
      if (g != "girl" && g != "boy")
        r.fail(fieldAt("genders"), {Msg::FormUnknownGender, {{"value", g}}});
      else if (std::find(p.genders.begin(), p.genders.end(), g) == p.genders.end())
        p.genders.push_back(g);
    }
    if (p.genders.size() == 2) p.genders.clear();  // both: all
    p.childForm = r.string(doc, "child_form", std::nullopt);
    p.dimensions = r.stringList(doc, "dimensions", std::nullopt);
    if (p.dimensions.empty() && doc.HasMember("dimensions")) r.fail(std::nullopt, Msg::FormNoProjectDimensions);
    for (const auto& s : r.stringList(doc, "interventions", std::nullopt)) {
      Intervention i{};
      if (parseIntervention(s, i))
        p.interventions.push_back(i);
      else
        r.fail(std::nullopt, {Msg::FormUnknownIntervention, {{"value", s}}});
    }
    if (p.interventions.empty()) r.fail(std::nullopt, Msg::FormNoInterventions);
    if (const rj::Value* f = r.field(doc, "fidelity_form", std::nullopt, true)) {
      if (f->IsString())
        p.fidelityForm = f->GetString();
      else if (!f->IsNull())
        r.fail(std::nullopt, Msg::FormFidelityFormField);
    }
    // From what age the young person consents for themselves (issue 14);
    // optional: an older project file means 18, the age of majority.
    if (const rj::Value* c = r.field(doc, "consent", std::nullopt, false)) {
      const Where where = keyAt("consent");
      if (!c->IsObject()) {
        r.fail(where, Msg::FormMustBeObject);
      } else {
        r.onlyFields(*c, where, {"own_from_age"});
        p.consentOwnFromAge = r.integer(*c, "own_from_age", where, 12, 30).value_or(18);
      }
    }
    p.courseWeeks = r.integer(doc, "course_weeks", std::nullopt, 1, 520).value_or(0);
    p.progressionEveryWeeks = r.integer(doc, "progression_every_weeks", std::nullopt, 0, 52).value_or(0);
    if (const rj::Value* sg = r.field(doc, "safeguarding", std::nullopt, true)) {
      const Where where = keyAt("safeguarding");
      if (!sg->IsObject()) {
        r.fail(where, Msg::FormMustBeObject);
      } else {
        r.onlyFields(*sg, where,
                     {"dimensions", "item_threshold", "score_threshold", "text", "text_any_gender", "guidance_origin",
                      "contact", "contact_origin"});
        p.safeguarding.dimensions = r.stringList(*sg, "dimensions", where);
        const bool active = !p.safeguarding.dimensions.empty();
        // Optional: the bundled forms give each item its own rule instead.
        p.safeguarding.itemThreshold = r.integer(*sg, "item_threshold", where, 1, 10, false).value_or(0);
        p.safeguarding.scoreThreshold = r.number(*sg, "score_threshold", where, 1.0, 10.0, active).value_or(0.0);
        p.safeguarding.text = r.text(*sg, "text", where, true);
        // A project for one gender may speak of "pigen"; a child outside
        // the rule gets the neutral text, so it must be there.
        if (sg->HasMember("text_any_gender"))
          p.safeguarding.textAnyGender = r.text(*sg, "text_any_gender", where, true);
        else if (!p.genders.empty())
          r.fail(where, Msg::FormNeutralGuidanceMissing);
        // Where to turn (issue 14 item 8) and whether the texts are the
        // sources' or Spor's draft: optional in an older file.
        p.safeguarding.textOrigin = origin(r, *sg, "guidance_origin", where);
        if (sg->HasMember("contact")) {
          p.safeguarding.contact = r.text(*sg, "contact", where, true);
          p.safeguarding.contactOrigin = origin(r, *sg, "contact_origin", where);
          if (p.safeguarding.contactOrigin.empty()) r.fail(where, Msg::FormContactOriginMissing);
        } else if (sg->HasMember("contact_origin")) {
          r.fail(where, Msg::FormContactOriginMissing);
        }
      }
    }
    if (const rj::Value* a = r.field(doc, "activity_form", std::nullopt, false)) {
      if (a->IsString())
        p.activityForm = a->GetString();
      else
        r.fail(fieldAt("activity_form"), Msg::FormActivityFormField);
    }
    // Which choices are Spor's assumption, not the sources': field -> why.
    if (const rj::Value* a = r.field(doc, "assumptions", std::nullopt, false)) {
      if (!a->IsObject()) {
        r.fail(fieldAt("assumptions"), Msg::FormMustBeObject);
      } else {
        for (const auto& m : a->GetObject()) {
          const std::string field = m.name.GetString();
          // A field of the file, or of its safeguarding object ("safeguarding.contact").
          const bool nested = field.rfind("safeguarding.", 0) == 0 && doc.HasMember("safeguarding") &&
                              doc["safeguarding"].IsObject() &&
                              doc["safeguarding"].HasMember(field.substr(13).c_str());
          if (!doc.HasMember(field.c_str()) && !nested)
            r.fail(fieldAt("assumptions"), {Msg::FormAssumptionUnknownField, {{"name", field}}});
          else if (!m.value.IsString() || std::string(m.value.GetString()).empty())
            r.fail(fieldAt("assumptions"), {Msg::FormAssumptionNoReason, {{"name", field}}});
          else
            p.assumptions[field] = m.value.GetString();
        }
      }
    }
    p.source = r.string(doc, "source", std::nullopt, false);
    p.notes = r.string(doc, "notes", std::nullopt, false);
    if (claimId(r, Msg::FormWordProject, id)) out.forms.projects.emplace(id, std::move(p));
  }

  void readFile(const std::string& path, const std::string& text) {
    Reader r(path, out.problems);
    rj::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) {
      auto [line, col] = lineAndColumn(text, doc.GetErrorOffset());
      r.fail(Message{Msg::FormWhereLine, {{"line", line}, {"column", col}}},
             {Msg::FormNotJson, {{"en_reason", rj::GetParseError_En(doc.GetParseError())}}});
      ++unreadableFiles;
      return;
    }
    if (!doc.IsObject()) {
      r.fail(std::nullopt, {Msg::FormNotOneObject, {{"type", typeName(doc)}}});
      ++unreadableFiles;
      return;
    }
    findDuplicateKeys(doc, r);
    const std::string format = r.string(doc, "format", std::nullopt);
    if (!format.empty() && format != kFormat) {
      r.fail(fieldAt("format"), {Msg::FormUnknownFormat, {{"format", format}, {"expected", kFormat}}});
      ++unreadableFiles;
      return;
    }
    const std::string kind = r.string(doc, "kind", std::nullopt);
    const std::string id = r.string(doc, "id", std::nullopt);
    if (!id.empty() && !validId(id)) r.fail(fieldAt("id"), Msg::FormBadId);
    const int version = r.integer(doc, "version", std::nullopt, 1, 1000000).value_or(0);
    if (kind.empty()) {
      ++unreadableFiles;
      return;
    }
    if (kind == "scales")
      readScales(r, doc);
    else if (kind == "scoring")
      readScoring(r, doc, version);
    else if (kind == "child")
      readChild(r, doc, id, version);
    else if (kind == "background")
      readBackground(r, doc, id, version);
    else if (kind == "fidelity")
      readFidelity(r, doc, id, version);
    else if (kind == "activity")
      readBackground(r, doc, id, version, true);
    else if (kind == "project")
      readProject(r, doc, id, version);
    else {
      r.fail(fieldAt("kind"), {Msg::FormUnknownKind, {{"kind", kind}}});
      ++unreadableFiles;
      return;
    }
    out.forms.files.push_back({path, kind, id, version});
  }

  // Links between files, once every file is read.
  void crossCheck(const std::string& label) {
    auto fail = [&](const std::string& file, const Where& where, Message msg) {
      out.problems.push_back({file, where, std::move(msg)});
    };
    // A file that could not be read may be the one that seems missing or
    // the one a link points to: name only that file's problem, not a cascade.
    // The links are checked on the next run, once every file can be read.
    if (unreadableFiles > 0) return;
    if (scalesFiles == 0) fail(label, std::nullopt, Msg::FormNoScalesFile);
    if (scalesFiles > 1) fail(label, std::nullopt, Msg::FormManyScalesFiles);
    if (scoringFiles == 0) fail(label, std::nullopt, Msg::FormNoScoring);
    if (scoringFiles > 1) fail(label, std::nullopt, Msg::FormManyScoring);
    if (out.forms.childForms.empty()) fail(label, std::nullopt, Msg::FormNoChildForm);
    if (!out.forms.background) fail(label, std::nullopt, Msg::FormNoBackground);
    if (out.forms.projects.empty()) fail(label, std::nullopt, Msg::FormNoProjects);

    const auto knownScales = keysOf(out.forms.scales);
    for (const auto& ref : scaleRefs)
      if (!out.forms.scales.count(ref.id))
        fail(ref.file, ref.where,
             {Msg::FormUnknownRef, {{"kind", Msg::FormWordScale}, {"id", ref.id}, {"known", joinKeys(knownScales)}}});

    auto fileFor = [&](Msg kind, const std::string& id) {
      auto it = fileOf.find(std::string(codeName(kind)) + ":" + id);
      return it == fileOf.end() ? label : it->second;
    };
    for (const auto& [id, f] : out.forms.fidelityForms)
      if (!f.project.empty() && !out.forms.projects.count(f.project))
        fail(fileFor(Msg::FormWordFidelityForm, id), fieldAt("project"),
             {Msg::FormUnknownRef,
              {{"kind", Msg::FormWordProject}, {"id", f.project}, {"known", joinKeys(keysOf(out.forms.projects))}}});

    for (const auto& [id, p] : out.forms.projects) {
      const std::string file = fileFor(Msg::FormWordProject, id);
      auto formIt = out.forms.childForms.find(p.childForm);
      if (formIt == out.forms.childForms.end()) {
        if (!p.childForm.empty())
          fail(file, fieldAt("child_form"),
               {Msg::FormUnknownRef,
                {{"kind", Msg::FormWordChildForm},
                 {"id", p.childForm},
                 {"known", joinKeys(keysOf(out.forms.childForms))}}});
        continue;
      }
      const ChildForm& form = formIt->second;
      std::set<std::string> known;
      for (const auto& d : form.dimensions) known.insert(d.id);
      std::set<std::string> seen;
      for (const auto& d : p.dimensions) {
        if (!known.count(d))
          fail(file, fieldAt("dimensions"),
               {Msg::FormUnknownDimensionIn, {{"id", d}, {"form", form.id}, {"known", joinKeys(known)}}});
        if (!seen.insert(d).second) fail(file, fieldAt("dimensions"), {Msg::FormDimensionTwice, {{"id", d}}});
      }
      for (const auto& d : p.safeguarding.dimensions) {
        if (!known.count(d))
          fail(file, keyAt("safeguarding"),
               {Msg::FormUnknownRef, {{"kind", Msg::FormWordDimension}, {"id", d}, {"known", joinKeys(known)}}});
        else if (!p.measures(d))
          fail(file, keyAt("safeguarding"), {Msg::FormSafeguardingNotMeasured, {{"id", d}}});
        else if (const Dimension* dim = form.dimension(d); dim && dim->direction != Direction::Reversed)
          fail(file, keyAt("safeguarding"), {Msg::FormSafeguardingPositive, {{"id", d}}});
      }
      if (p.activityForm && !out.forms.activityForms.count(*p.activityForm))
        fail(file, fieldAt("activity_form"),
             {Msg::FormUnknownRef,
              {{"kind", Msg::FormWordActivityForm},
               {"id", *p.activityForm},
               {"known", joinKeys(keysOf(out.forms.activityForms))}}});
      if (p.fidelityForm && !out.forms.fidelityForms.count(*p.fidelityForm))
        fail(file, fieldAt("fidelity_form"),
             {Msg::FormUnknownRef,
              {{"kind", Msg::FormWordFidelityForm},
               {"id", *p.fidelityForm},
               {"known", joinKeys(keysOf(out.forms.fidelityForms))}}});
    }
  }
};

std::string readWholeFile(const fs::path& path, bool& unreadable) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    unreadable = true;
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
    check.problems.push_back({dir, std::nullopt, Msg::FormNotFolder});
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
    bool failed = false;
    std::string text = readWholeFile(p, failed);
    if (failed)
      unreadable.push_back({p.generic_string(), std::nullopt, Msg::FormUnreadable});
    else
      files.emplace_back(p.generic_string(), std::move(text));
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
