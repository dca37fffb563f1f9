#pragma once
// Pieces several volunteer screens share: the header with its back button
// and the DEMO badge, the error/notice line, the safeguarding notice, and
// the words for checklist entries.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/text.hpp"
#include "ui/views/layout.hpp"

namespace spor::ui {

// The top of a volunteer screen: `back` (when given) on the left, the title,
// DEMO on a demo device. Returns the y below it; `backTapped` says whether
// the back button was tapped this frame.
float volunteerHeader(ViewContext& ctx, const ScreenBox& box, std::string_view title, const char* back,
                      bool& backTapped);

// A button whose label wraps between words inside it (never inside a word:
// a smaller font first). wrappedLabelHeight() is the height such a button
// needs at `width`; wrappedButton() draws it, the label centred.
[[nodiscard]] ImFont* wrappedLabelFont(const ViewContext& ctx, std::string_view label, ImFont* font, float width);
[[nodiscard]] float wrappedLabelHeight(const ViewContext& ctx, std::string_view label, ImFont* font, float width);
bool wrappedButton(ViewContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, ButtonStyle style);

// A setting: its bold label over a row of choices; returns the index tapped
// (or -1) and advances y.
int settingRow(ViewContext& ctx, const char* label, const std::vector<std::string>& options, int selected, float x,
               float& y, float w);
// The language and text-size choices, as the tablet's settings screen shows
// them (the coordinator's settings tab draws the same): a bold label over a
// row of choices each. Changes `set` and returns true when one was tapped.
bool languageAndTextSize(ViewContext& ctx, Settings& set, float x, float& y, float w);

// The steps of a day chooser, wrapped into rows: "1 uge tidligere" and "1
// dag tidligere" when `back`, and "1 dag senere" and "I dag" while `on` is
// before today. `step` gets the days to move, 0 meaning "today". Returns the
// height used (0 when no step is offered).
float daySteps(ViewContext& ctx, core::Date on, bool back, float x, float y, float w,
               const std::function<void(int)>& step);

// A text in bold inside a framed box (the error and notice lines, a missing
// consent, the child form's warning); returns the box's height.
float framedText(ViewContext& ctx, const std::string& s, float x, float y, float width, ImU32 fill, ImU32 border,
                 ImU32 ink);

// The model's last error (in a warm red) or notice; returns the height used.
float messageLine(ViewContext& ctx, float x, float y, float width);

// The safeguarding notice for the volunteer: what was answered, and the
// project's guidance. Returns its height; `measureOnly` draws nothing.
float safeguardingPanel(ViewContext& ctx, const SafeguardingNotice& n, float x, float y, float width,
                        bool measureOnly = false);

[[nodiscard]] const char* taskName(core::Task task, core::Lang lang);
// A checklist line's name: taskName, or for an activity form its point ("Fritid 3 mdr.").
[[nodiscard]] std::string taskLabel(const core::DueEntry& e, core::Lang lang);
// "nu", "udfyldt 3.2.2026", "1.9.2026", "i gang"
[[nodiscard]] std::string dueText(const core::DueEntry& e, core::Lang lang);
[[nodiscard]] const char* genderName(store::Gender g, core::Lang lang);

}  // namespace spor::ui
