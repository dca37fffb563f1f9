#pragma once
// The child's page, issue 14 item 1: the "Henvisning" section (who referred
// the child, whom to report back to, the feedback given so far) and its two
// forms, "Registrér henvisning" and "Tilføj tilbagemelding"
// (model/referral_flows.cpp).
#include "ui/views/common.hpp"

namespace spor::ui {

// The section at (x, y), `w` wide; returns the height used.
float referralSection(ViewContext& ctx, const ChildDetailView& d, float x, float y, float w);
// The open form (state().referral.draft or state().referral.feedback) in `box` from `y`;
// false when neither is open.
bool referralForms(ViewContext& ctx, const ChildDetailView& d, const ScreenBox& box, float y);

}  // namespace spor::ui
