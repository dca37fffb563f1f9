#pragma once
// What was on screen in the last frame, as a person would name it: each
// button and text the views drew, with its visible label and rectangle.
// Scripts find widgets here ("tap \"Fortsæt\""), and check-layout finds
// clipped, overflowing or overlapping widgets. Filled by the widget helpers
// in widgets.hpp; no ImGui in this header.
#include <optional>
#include <string>
#include <vector>

namespace spor::ui {

struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  [[nodiscard]] float width() const { return x1 - x0; }
  [[nodiscard]] float height() const { return y1 - y0; }
  [[nodiscard]] float cx() const { return (x0 + x1) / 2; }
  [[nodiscard]] float cy() const { return (y0 + y1) / 2; }
  [[nodiscard]] bool contains(const Rect& o, float slack = 0.5f) const {
    return o.x0 >= x0 - slack && o.y0 >= y0 - slack && o.x1 <= x1 + slack && o.y1 <= y1 + slack;
  }
  [[nodiscard]] bool overlaps(const Rect& o, float slack = 0.5f) const {
    return x0 + slack < o.x1 && o.x0 + slack < x1 && y0 + slack < o.y1 && o.y0 + slack < y1;
  }
};

enum class WidgetKind { Button, Text };

// Every answer a child can give is at least this high, in pixels: 12 mm
// on a 10" 1280x800 screen (check-layout fails below it).
constexpr float kMinAnswerHeight = 70.0f;

struct WidgetRecord {
  WidgetKind kind = WidgetKind::Text;
  std::string label;  // what a person reads: the button's label, or the text
  Rect rect;
  bool enabled = true;       // a button that would react to a tap now
  bool fits = true;          // the label fits inside the button, the text inside its width
  std::string role;          // for steps that need more than a label: "pin-digit", "pin-ok", "face"
  bool visible = true;       // false: scrolled out of its scroll area (a swipe brings it back)
  std::optional<Rect> area;  // the scroll area it is drawn in, if any
  int areaIndex = -1;        // that scroll area in WidgetRegistry::lastAreas(), when recorded
  // Must be seen whole without scrolling: a child's answers (every face or
  // card and "Vil ikke svare"). A child must never scroll to find an answer.
  bool mustShow = false;
};

// A scroll area as drawn in a frame: where it is, how far it was scrolled
// when its widgets were drawn, and how tall its content is (known at its end).
struct AreaRecord {
  Rect rect;
  float scroll = 0;
  float contentHeight = -1;  // < 0: the area never said (not ended)
};

class WidgetRegistry {
 public:
  void beginFrame(float displayWidth, float displayHeight);
  void add(WidgetRecord record);
  // A scroll area starts (its widgets name the returned index) and ends.
  int beginArea(Rect rect, float scroll);
  void endArea(int index, float contentHeight);
  void endFrame();  // the frame just drawn becomes lastFrame()
  // A text drawn that is no widget of its own (a text field's value, a
  // chart's occasions and dates): not laid out or tapped, but seen by a
  // person, so a script's record-texts step writes it down too.
  void note(std::string text);

  [[nodiscard]] const std::vector<WidgetRecord>& lastFrame() const { return last_; }
  [[nodiscard]] const std::vector<AreaRecord>& lastAreas() const { return lastAreas_; }
  [[nodiscard]] const std::vector<std::string>& lastNotes() const { return lastNotes_; }
  [[nodiscard]] float displayWidth() const { return lastW_; }
  [[nodiscard]] float displayHeight() const { return lastH_; }

  // Buttons in the last frame whose label is `label` (and whose role is
  // `role`, when given), in drawing order.
  [[nodiscard]] std::vector<const WidgetRecord*> buttons(const std::string& label, const std::string& role = {}) const;
  // Whether any text or button label in the last frame contains `text`.
  [[nodiscard]] bool showsText(const std::string& text) const;
  // Every label and text of the last frame, for error messages.
  [[nodiscard]] std::vector<std::string> visibleLabels(bool buttonsOnly) const;
  // Layout mistakes in the last frame: widgets off screen, labels that do
  // not fit (or break inside a word), buttons on top of each other, widgets
  // cut by their scroll area where no scrolling shows them whole, a scroll
  // area partly off the screen, and a child's answer (mustShow) that is not
  // seen whole without scrolling. Empty when the layout is clean.
  [[nodiscard]] std::vector<std::string> layoutProblems() const;

 private:
  std::vector<WidgetRecord> current_;
  std::vector<WidgetRecord> last_;
  std::vector<AreaRecord> currentAreas_;
  std::vector<AreaRecord> lastAreas_;
  std::vector<std::string> currentNotes_;
  std::vector<std::string> lastNotes_;
  float curW_ = 0, curH_ = 0, lastW_ = 0, lastH_ = 0;
};

}  // namespace spor::ui
