#pragma once
// The views: one function per screen, each in its own file
// (view_child_question.cpp …), registered in one table in views.cpp (ImHex's
// way). A view reads the model's state, draws with the helpers in
// widgets.hpp, and calls the model when a widget says so. No view keeps data.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "report/activity.hpp"
#include "ui/model/app_model.hpp"
#include "ui/theme.hpp"
#include "ui/widget_registry.hpp"

namespace spor::ui {

// UI-only state that survives between frames and means nothing to the model
// (Tracy's ViewData). Small on purpose.
struct ViewState {
  bool showFrameStats = false;          // Ctrl+Tab: frame time in a corner, for development
  std::map<std::string, float> scroll;  // how far each scroll area is scrolled, by its id
  bool dragging = false;                // a finger is scrolling: no button reacts to it
  std::optional<Screen> lastScreen;     // a new screen starts at the top of its scroll areas
  unsigned lastPage = 0;                // AppState::page when last drawn: a new page starts at the top too
  std::optional<std::pair<float, float>> revealY;  // only this frame: the focused field's top and bottom, to scroll into view
  int revealedFor = -1;  // the focus (field, keyboard shown) already scrolled into view once; a finger may scroll it away
  std::string revealedQuestion;  // a question that came up below the fold (restore a backup?), scrolled into view once
};

// What every view gets.
struct ViewContext {
  AppModel& model;
  ViewState& view;
  const Fonts& fonts;
  WidgetRegistry& registry;
  std::optional<Rect> clip = {};  // inside a scroll area: widgets are recorded as far as they show
  int area = -1;                  // that scroll area's index in the registry (check-layout asks whether scrolling shows a widget)

  [[nodiscard]] core::Lang lang() const { return model.lang(); }
};

// Draws the screen the model is on, filling the whole window.
void drawScreen(ViewContext& ctx);

// The views, one per screen (views.cpp maps Screen -> view).
void drawSetup(ViewContext& ctx);
void drawHome(ViewContext& ctx);
void drawChildDetail(ViewContext& ctx);
void drawChildEdit(ViewContext& ctx);
void drawBackgroundForm(ViewContext& ctx);
void drawFidelityForm(ViewContext& ctx);
// The coordinator's Sikkerhed tab: each project's contact for a concern and
// whether its guidance is the sources' or Spor's draft (view_concern.cpp).
// Returns the height drawn.
float concernContacts(ViewContext& ctx, const core::FormSet& forms, float x, float y, float w);
// The report tab's bridge-builder figures (report::ActivityResult), one
// block per project; returns the height drawn (view_concern.cpp).
float activityFigures(ViewContext& ctx, const std::vector<report::ActivityResult>& list, float x, float y, float w);
void drawSettings(ViewContext& ctx);
void drawSync(ViewContext& ctx);  // view_sync.cpp
void drawVolunteers(ViewContext& ctx);
void drawHandOver(ViewContext& ctx);
void drawChildQuestion(ViewContext& ctx);
void drawChildPaused(ViewContext& ctx);
void drawChildThanks(ViewContext& ctx);
void drawPinPad(ViewContext& ctx);
void drawRecover(ViewContext& ctx);  // view_recover.cpp: "Glemt PIN-koden?"
void drawCoordinator(ViewContext& ctx);  // view_coordinator.cpp: the coordinator's screens

// The on-screen keyboard (view_keyboard.cpp): drawn over the bottom of the
// screen while the model shows it; screenBox() ends above it.
[[nodiscard]] float keyboardHeight(const ViewContext& ctx);
void drawKeyboard(ViewContext& ctx);
// view_confirm.cpp: the model's confirmation question (state().confirm), in
// place of a screen's content from `y` down; false when none is asked.
struct ScreenBox;
bool drawConfirm(ViewContext& ctx, const ScreenBox& box, float y);

}  // namespace spor::ui
