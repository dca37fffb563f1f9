#pragma once
// The building blocks the views draw with: big touch buttons, the faces,
// wrapped and centred text, a few icons. Every widget records itself
// (label, rectangle, enabled) in the WidgetRegistry, so scripts can tap it
// by its label and check-layout can find what is clipped or overlapping.
// Positions are absolute screen coordinates; sizes come from the views in
// font units (em()).
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "ui/views/views.hpp"

namespace spor::ui {

// The body font's size: the unit every size is measured in.
[[nodiscard]] float em(const ViewContext& ctx);

enum class ButtonKind {
  Primary,    // the one thing to do next: filled blue
  Secondary,  // other choices: white with a frame
  Quiet,      // for the adult, small and plain: no frame until pressed, the label underlined like a link
  Danger,     // a step that cannot be undone: a pale rose fill, dark red frame and text (calm, not alarming)
  Chosen,     // the option chosen among others: a pale blue tint and a thick frame (as a chosen face), dark text
};

enum class Icon { None, Back, Pause, Speaker, Play };

struct ButtonStyle {
  ButtonKind kind = ButtonKind::Secondary;
  ImFont* font = nullptr;  // default: fonts.button
  Icon icon = Icon::None;  // drawn before the label
  bool enabled = true;     // false: drawn faded, ignores taps
  const char* role = "";   // for scripts: "pin-digit", "pin-ok"
  bool ready = true;       // false: ignores taps for a moment but looks the same (the double-tap guard)
  bool drawLabel = true;   // false: a card whose content the view draws; the label still names it
  bool mustShow = false;   // a child's answer: check-layout fails unless it is seen whole without scrolling
};

// A button at `pos` of `size`; true on the frame it is tapped (on release,
// so a finger can slide off to cancel).
bool button(ViewContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, const ButtonStyle& style = {});

// The width a button needs for its label (and icon) with comfortable padding.
[[nodiscard]] float buttonWidth(const ViewContext& ctx, std::string_view label, const ButtonStyle& style = {});

// One answer: a card with a face and its label. `selected` marks the answer
// already given (when the child came back to the item). `beside`: the face
// on the left and the label next to it (a wide card, for portrait screens);
// otherwise the label under the face.
bool faceButton(ViewContext& ctx, const FaceOption& option, ImVec2 pos, ImVec2 size, ImFont* labelFont, bool selected,
                bool enabled, bool beside = false);

// A round button with an icon and a caption under it (read aloud).
bool iconButton(ViewContext& ctx, std::string_view caption, Icon icon, ImVec2 center, float radius);

// Draws a face: a circle, two eyes and a mouth from very sad to very happy.
void drawFace(ImDrawList* dl, ImVec2 center, float radius, core::Face face);
// A neutral card's mark (sensitive items): `steps` dots in a row at most
// `width` wide and 0.6 `radius` high, the first `value` filled.
void drawSteps(ImDrawList* dl, ImVec2 center, float width, float radius, int value, int steps);

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 center, float size, ImU32 colour);

enum class Align { Left, Center };

// The lines `text` wraps into at `wrapWidth`; `breaksWord` (when given) says
// whether a line ends inside a word (one wider than the line).
[[nodiscard]] std::vector<std::string_view> wrapLines(ImFont* font, std::string_view text, float wrapWidth,
                                                      bool* breaksWord = nullptr);
// Whether `text` wrapped at `wrapWidth` breaks inside a word: a view then
// takes a smaller font or more room (check-layout counts it as not fitting).
[[nodiscard]] bool breaksWord(ImFont* font, std::string_view text, float wrapWidth);
// `text` cut to fit one line of `width`, ending in "…" when cut (never
// inside a UTF-8 character): for rows of a fixed height.
[[nodiscard]] std::string oneLine(ImFont* font, std::string_view text, float width);
// The size of `text` wrapped at `wrapWidth`.
[[nodiscard]] ImVec2 measureText(ImFont* font, std::string_view text, float wrapWidth);
// Draws `text` wrapped at `wrapWidth`, left-aligned at pos.x or centred on
// pos.x + wrapWidth / 2, and records it. Returns the height drawn.
float text(ViewContext& ctx, std::string_view text, ImFont* font, ImVec2 pos, float wrapWidth, ImU32 colour,
           Align align = Align::Left);

// A Dear ImGui text field with its label above it, for the coordinator's
// desktop screens (the tablet's fields are editField). Tapping the field
// gives it the keyboard (scripts: tap "Label", then type). Returns the height used.
float textField(ViewContext& ctx, std::string_view label, std::string& value, ImVec2 pos, float width,
                bool digitsOnly = false);

// A row (or rows) of choices, the selected one filled. Returns the index
// tapped, or -1; `height` receives the height used.
int choices(ViewContext& ctx, const std::vector<std::string>& labels, int selected, ImVec2 pos, float width,
            float& height, ImFont* font = nullptr);

// A tick box with its label (wrapped between words when longer than the
// line); true when tapped. checkboxHeight() is the height it takes.
bool checkbox(ViewContext& ctx, std::string_view label, bool ticked, ImVec2 pos, float width);
[[nodiscard]] float checkboxHeight(const ViewContext& ctx, std::string_view label, float width);

// A vertical scroll area: content is drawn from top() downwards and clipped;
// a finger drag or the mouse wheel scrolls it. Call end() with the content's
// height.
class ScrollArea {
 public:
  ScrollArea(ViewContext& ctx, const char* id, ImVec2 min, ImVec2 max);
  ~ScrollArea();
  ScrollArea(const ScrollArea&) = delete;
  ScrollArea& operator=(const ScrollArea&) = delete;

  [[nodiscard]] float top() const { return min_.y - scroll_; }
  void end(float contentHeight);

 private:
  ViewContext& ctx_;
  std::string id_;
  ImVec2 min_;
  ImVec2 max_;
  float scroll_ = 0;
  bool ended_ = false;
};

// Slow work running: a turning arc centred at `centre` and what is happening
// under it ("Låser op …"), within `width`.
void busyIndicator(ViewContext& ctx, Busy what, ImVec2 centre, float width);

// A text field whose text, caret and keyboard the model owns (keyboard.hpp):
// its label above it; tapping it gives it the caret (and the on-screen
// keyboard, per the setting). Returns the height used.
float editField(ViewContext& ctx, Field field, std::string_view label, ImVec2 pos, float width);
// A physical keyboard's typing for the field with the caret: characters,
// Backspace, Delete, the arrows, Home, End, Ctrl+V; Return and Escape are "Færdig".
void physicalKeys(AppModel& model);

// A small label on a coloured background ("DEMO", "Mangler samtykke").
ImVec2 badge(ViewContext& ctx, std::string_view label, ImVec2 pos, ImU32 fill, ImU32 border, ImFont* font = nullptr);

// A filled rounded panel (notices, cards).
void panel(ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, float rounding, float borderWidth);

}  // namespace spor::ui
