#include "ui/widget_registry.hpp"

#include <algorithm>
#include <cstdio>

namespace spor::ui {

void WidgetRegistry::beginFrame(float displayWidth, float displayHeight) {
  current_.clear();
  curW_ = displayWidth;
  curH_ = displayHeight;
}

void WidgetRegistry::add(WidgetRecord record) {
  current_.push_back(std::move(record));
}

void WidgetRegistry::endFrame() {
  last_.swap(current_);
  current_.clear();
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

std::string describe(const WidgetRecord& w) {
  char where[96];
  std::snprintf(where, sizeof where, " at (%.0f,%.0f)-(%.0f,%.0f)", static_cast<double>(w.rect.x0),
                static_cast<double>(w.rect.y0), static_cast<double>(w.rect.x1), static_cast<double>(w.rect.y1));
  return std::string(w.kind == WidgetKind::Button ? "button \"" : "text \"") + w.label + "\"" + where;
}
}  // namespace

std::vector<std::string> WidgetRegistry::layoutProblems() const {
  std::vector<std::string> out;
  const float slack = 0.5f;
  for (std::size_t i = 0; i < last_.size(); ++i) {
    const WidgetRecord& w = last_[i];
    if (!w.visible) continue;  // scrolled away: its area is checked, not it
    if (!w.area &&
        (w.rect.x0 < -slack || w.rect.y0 < -slack || w.rect.x1 > lastW_ + slack || w.rect.y1 > lastH_ + slack))
      out.push_back(describe(w) + " is partly off the screen");
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
