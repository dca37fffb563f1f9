#include "ui/widget_registry.hpp"

#include <algorithm>
#include <cstdio>

namespace spor::ui {

void WidgetRegistry::beginFrame(float displayWidth, float displayHeight) {
  current_.clear();
  currentAreas_.clear();
  currentNotes_.clear();
  curW_ = displayWidth;
  curH_ = displayHeight;
}

void WidgetRegistry::add(WidgetRecord record) {
  current_.push_back(std::move(record));
}

int WidgetRegistry::beginArea(Rect rect, float scroll) {
  currentAreas_.push_back({rect, scroll, -1.0f});
  return static_cast<int>(currentAreas_.size()) - 1;
}

void WidgetRegistry::endArea(int index, float contentHeight) {
  if (index >= 0 && static_cast<std::size_t>(index) < currentAreas_.size())
    currentAreas_[static_cast<std::size_t>(index)].contentHeight = contentHeight;
}

void WidgetRegistry::note(std::string text) {
  currentNotes_.push_back(std::move(text));
}

void WidgetRegistry::endFrame() {
  lastNotes_.swap(currentNotes_);
  currentNotes_.clear();
  last_.swap(current_);
  current_.clear();
  lastAreas_.swap(currentAreas_);
  currentAreas_.clear();
  lastW_ = curW_;
  lastH_ = curH_;
}

std::vector<const WidgetRecord*> WidgetRegistry::buttons(const std::string& label, const std::string& role) const {
  std::vector<const WidgetRecord*> out;
  for (const auto& w : last_)
    if (w.kind == WidgetKind::Button && (label.empty() || w.label == label) && (role.empty() || w.role == role))
      out.push_back(&w);
  return out;
}

bool WidgetRegistry::showsText(const std::string& text) const {
  for (const auto& w : last_)
    if (w.visible && w.label.find(text) != std::string::npos) return true;
  return false;
}

std::vector<std::string> WidgetRegistry::visibleLabels(bool buttonsOnly) const {
  std::vector<std::string> out;
  for (const auto& w : last_)
    if (w.visible && (!buttonsOnly || w.kind == WidgetKind::Button)) out.push_back(w.label);
  return out;
}

namespace {
// What shows of a widget: inside a scroll area, only the part within it.
Rect shown(const WidgetRecord& w) {
  if (!w.area) return w.rect;
  return Rect{std::max(w.rect.x0, w.area->x0), std::max(w.rect.y0, w.area->y0), std::min(w.rect.x1, w.area->x1),
              std::min(w.rect.y1, w.area->y1)};
}

std::string describeRect(const Rect& r) {
  char where[96];
  std::snprintf(where, sizeof where, " at (%.0f,%.0f)-(%.0f,%.0f)", static_cast<double>(r.x0), static_cast<double>(r.y0),
                static_cast<double>(r.x1), static_cast<double>(r.y1));
  return where;
}

// Whether some scroll position of `a` shows all of `r` (drawn at the area's
// current scroll): scrolling is vertical only, between 0 and the content's
// height less the area's.
bool reachable(const Rect& r, const AreaRecord& a, float slack) {
  if (r.x0 < a.rect.x0 - slack || r.x1 > a.rect.x1 + slack) return false;
  if (a.contentHeight < 0) return true;  // the area never said how tall it is
  if (r.height() > a.rect.height()) {
    // Taller than the area (a long guidance text): every part of it can be
    // scrolled into view when it lies within the content.
    const float top = r.y0 + a.scroll - a.rect.y0;
    return top >= -slack && top + r.height() <= std::max(a.contentHeight, a.rect.height()) + slack;
  }
  const float maxScroll = std::max(0.0f, a.contentHeight - a.rect.height());
  const float lo = std::max(0.0f, r.y1 + a.scroll - a.rect.y1);
  const float hi = std::min(maxScroll, r.y0 + a.scroll - a.rect.y0);
  return lo <= hi + slack;
}

std::string describe(const WidgetRecord& w) {
  return std::string(w.kind == WidgetKind::Button ? "button \"" : "text \"") + w.label + "\"" + describeRect(w.rect);
}
}  // namespace

std::vector<std::string> WidgetRegistry::layoutProblems() const {
  std::vector<std::string> out;
  const float slack = 0.5f;
  const Rect screen{0, 0, lastW_, lastH_};
  for (const AreaRecord& a : lastAreas_)
    if (!screen.contains(a.rect, slack)) out.push_back("scroll area" + describeRect(a.rect) + " is partly off the screen");
  for (std::size_t i = 0; i < last_.size(); ++i) {
    const WidgetRecord& w = last_[i];
    const AreaRecord* a = w.areaIndex >= 0 && static_cast<std::size_t>(w.areaIndex) < lastAreas_.size()
                              ? &lastAreas_[static_cast<std::size_t>(w.areaIndex)]
                              : nullptr;
    if (w.mustShow) {
      // Where it is with its area scrolled to the top: a child does not scroll.
      Rect top = w.rect;
      if (a) {
        top.y0 += a->scroll;
        top.y1 += a->scroll;
      }
      const bool whole = screen.contains(top, slack) && (!w.area || w.area->contains(top, slack));
      if (!whole)
        out.push_back(describe(w) +
                      " is an answer a child must see whole without scrolling, but it is cut or out of sight");
      // 12 mm on a 10" 1280x800 screen: what a child's finger needs.
      if (w.rect.height() < kMinAnswerHeight - slack)
        out.push_back(describe(w) + " is an answer a child can give, but only " +
                      std::to_string(static_cast<int>(w.rect.height() + 0.5f)) + " px high (at least " +
                      std::to_string(static_cast<int>(kMinAnswerHeight)) + ")");
    }
    if (!w.visible) {
      // Scrolled away is fine, as long as some scrolling brings it back whole.
      if (a && !w.mustShow && !reachable(w.rect, *a, slack))
        out.push_back(describe(w) + " is cut by its scroll area" + describeRect(a->rect) +
                      ", and no scrolling shows it whole");
      continue;
    }
    if (!w.area &&
        (w.rect.x0 < -slack || w.rect.y0 < -slack || w.rect.x1 > lastW_ + slack || w.rect.y1 > lastH_ + slack))
      out.push_back(describe(w) + " is partly off the screen");
    if (w.area && !w.mustShow && !w.area->contains(w.rect, slack)) {
      // Cut by its scroll area: fine at a list's edge, where scrolling shows
      // the rest; not when no scroll position shows it whole.
      const bool ok = a ? reachable(w.rect, *a, slack)
                        : w.rect.x0 >= w.area->x0 - slack && w.rect.x1 <= w.area->x1 + slack;
      if (!ok)
        out.push_back(describe(w) + " is cut by its scroll area" + describeRect(*w.area) +
                      ", and no scrolling shows it whole");
    }
    if (!w.fits)
      out.push_back(describe(w) +
                    (w.kind == WidgetKind::Button ? ": the label does not fit" : ": the text is wider than its space"));
    if (w.kind != WidgetKind::Button) continue;
    for (std::size_t j = i + 1; j < last_.size(); ++j) {
      const WidgetRecord& o = last_[j];
      if (o.visible && o.kind == WidgetKind::Button && shown(w).overlaps(shown(o)))
        out.push_back(describe(w) + " overlaps " + describe(o));
    }
  }
  // Text half over a button is as bad as two buttons on top of each other;
  // text wholly inside one (a card's lines) is the button's content.
  for (const WidgetRecord& t : last_) {
    if (t.kind != WidgetKind::Text || !t.visible) continue;
    for (const WidgetRecord& b : last_)
      if (b.visible && b.kind == WidgetKind::Button && shown(t).overlaps(shown(b)) && !b.rect.contains(t.rect))
        out.push_back(describe(t) + " overlaps " + describe(b));
  }
  return out;
}

}  // namespace spor::ui
