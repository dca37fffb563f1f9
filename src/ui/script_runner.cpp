#include "ui/script_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/png.hpp"

namespace spor::ui {

namespace {

std::string quoted(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) {
    if (l.empty()) continue;
    std::string one = l;
    for (auto& ch : one)
      if (ch == '\n') ch = ' ';
    if (one.size() > 60) one = one.substr(0, 57) + "...";
    out += (out.empty() ? "\"" : ", \"") + one + "\"";
  }
  return out.empty() ? "nothing" : out;
}

std::string describeTarget(const Step& s) {
  if (s.role == "pin-ok") return "the PIN pad's OK button";
  if (s.role == "pin-digit") return "the PIN pad's digit \"" + s.text + "\"";
  return "a button labelled \"" + s.text + "\"";
}

}  // namespace

std::string ScriptRunner::where() const {
  const int line = index_ < script_.steps.size() ? script_.steps[index_].line : 0;
  return script_.path + ":" + std::to_string(line);
}

void ScriptRunner::fail(const std::string& why) {
  const Step& s = script_.steps[index_];
  failure_ = script_.path + ":" + std::to_string(s.line) + ": " + stepName(s.kind) + ": " + why;
}

void ScriptRunner::next() {
  ++index_;
  swipedY_.reset();
  phase_ = Phase::Start;
  if (index_ >= script_.steps.size()) done_ = true;
}

void ScriptRunner::tap(ScriptHost& host, const WidgetRegistry& reg, const Step& s) {
  const auto found = reg.buttons(s.text, s.role);
  std::vector<const WidgetRecord*> enabled;
  for (const WidgetRecord* w : found)
    if (w->enabled) enabled.push_back(w);
  if (enabled.size() > 1) {
    fail(std::to_string(enabled.size()) + " buttons are labelled \"" + s.text +
         "\"; a script cannot tell which to tap");
    return;
  }
  if (enabled.size() == 1 && !enabled.front()->visible && enabled.front()->area) {
    // Scrolled away: swipe it towards the middle of its area, then look again.
    // A long list takes many swipes: while each one brings it closer, the
    // step keeps waiting.
    const float y = enabled.front()->rect.cy();
    if (swipedY_ && std::fabs(*swipedY_ - y) > 1.0f) deadline_ = host.clock.now() + kStepTimeout;
    swipedY_ = y;
    if (host.clock.now() >= deadline_) {
      fail(describeTarget(s) + " is scrolled out of view, and swiping did not bring it into view (waited 5 s)");
      return;
    }
    const WidgetRecord& w = *enabled.front();
    const Rect& a = *w.area;
    const float dy = std::clamp(w.rect.cy() - a.cy(), -(a.height() * 0.4f), a.height() * 0.4f);
    const float x = a.x0 + std::min(a.width() * 0.5f, 20.0f);
    host.pointer.swipe(x, a.cy() + dy * 0.5f, x, a.cy() - dy * 0.5f, 8);
    phase_ = Phase::Settling;
    settle_ = 12;
    stayOnStep_ = true;
    return;
  }
  if (enabled.size() == 1) {
    const WidgetRecord& w = *enabled.front();
    // A person can only tap what they can see.
    const float cx = w.rect.cx();
    const float cy = w.rect.cy();
    if (cx < 0 || cy < 0 || cx > reg.displayWidth() || cy > reg.displayHeight()) {
      fail(describeTarget(s) + " is off the screen");
      return;
    }
    host.pointer.tap(cx, cy);
    phase_ = Phase::Settling;
    settle_ = kSettleFrames;
    return;
  }
  if (host.clock.now() < deadline_) return;  // not there yet: look again next frame
  if (!found.empty())
    fail(describeTarget(s) + " is on screen but does not react (disabled; waited 5 s)");
  else
    fail("cannot find " + describeTarget(s) +
         " on screen (waited 5 s). Buttons on screen: " + quoted(reg.visibleLabels(true)));
}

// Every label, text and note of the frame not written yet, one per line,
// with a newline inside a text as \n and a backslash as \\.
void ScriptRunner::recordTexts(const WidgetRegistry& reg) {
  const auto write = [&](const std::string& text) {
    if (text.empty() || !recorded_.insert(text).second) return;
    std::string line;
    for (char ch : text) {
      if (ch == '\\')
        line += "\\\\";
      else if (ch == '\n')
        line += "\\n";
      else
        line += ch;
    }
    *texts_ << line << '\n';
  };
  for (const WidgetRecord& w : reg.lastFrame()) write(w.label);
  for (const std::string& n : reg.lastNotes()) write(n);
  texts_->flush();
}

bool ScriptRunner::beforeFrame(ScriptHost& host, const WidgetRegistry& reg) {
  if (texts_) recordTexts(reg);
  // Several checks may pass in one frame; any action ends the frame's turn.
  while (!finished()) {
    const Step& s = script_.steps[index_];
    if (phase_ == Phase::Settling) {
      if (--settle_ > 0) return false;
      if (stayOnStep_) {
        // A swipe was made for this step: look for its target again.
        stayOnStep_ = false;
        phase_ = Phase::Looking;
        return false;
      }
      next();
      return false;  // let the next step see a fresh frame
    }
    if (phase_ == Phase::Capturing) return false;
    if (phase_ == Phase::Start) {
      deadline_ = host.clock.now() + kStepTimeout;
      phase_ = Phase::Looking;
    }
    switch (s.kind) {
      case StepKind::Tap: tap(host, reg, s); return false;
      case StepKind::Type:
        host.events.injectText(s.text);
        phase_ = Phase::Settling;
        settle_ = kSettleFrames;
        return false;
      case StepKind::Key:
        if (!host.events.injectKey(s.text)) {
          fail("SDL knows no key named \"" + s.text + "\" (try Escape, Return, Backspace, Tab, Space, A, 1)");
          return false;
        }
        phase_ = Phase::Settling;
        settle_ = kSettleFrames;
        return false;
      case StepKind::Wait:
        host.clock.advance(s.duration);
        phase_ = Phase::Settling;
        settle_ = kSettleFrames;
        return false;
      case StepKind::Today:
        host.clock.setToday(s.date);
        phase_ = Phase::Settling;
        settle_ = kSettleFrames;
        return false;
      case StepKind::Window:
        host.window.resize(s.width, s.height);
        phase_ = Phase::Settling;
        settle_ = kSettleFrames + 2;
        return false;
      case StepKind::Screenshot: phase_ = Phase::Capturing; return true;
      case StepKind::Expect:
        if (reg.showsText(s.text)) {
          next();
          continue;
        }
        if (host.clock.now() >= deadline_)
          fail("\"" + s.text + "\" is not on screen after 5 s. On screen: " + quoted(reg.visibleLabels(false)));
        return false;
      case StepKind::ExpectNot:
        if (!reg.showsText(s.text)) {
          next();
          continue;
        }
        if (host.clock.now() >= deadline_) fail("\"" + s.text + "\" is still on screen after 5 s");
        return false;
      case StepKind::CheckLayout: {
        const auto problems = reg.layoutProblems();
        if (problems.empty()) {
          next();
          continue;
        }
        std::string all;
        for (const auto& p : problems) all += "\n  " + p;
        fail(std::to_string(problems.size()) + " layout problem(s) at " +
             std::to_string(static_cast<int>(reg.displayWidth())) + "x" +
             std::to_string(static_cast<int>(reg.displayHeight())) + ":" + all);
        return false;
      }
      case StepKind::Render:
        rendering_ = s.on;
        next();
        continue;
      case StepKind::RecordTexts:
        texts_ = std::make_unique<std::ofstream>(s.text, std::ios::binary | std::ios::trunc);
        if (!*texts_) {
          fail("cannot write the file '" + s.text + "'");
          return false;
        }
        recorded_.clear();
        next();
        continue;
      case StepKind::Quit: done_ = true; return false;
    }
  }
  return false;
}

void ScriptRunner::afterFrame(const platform::Image* captured) {
  if (finished() || phase_ != Phase::Capturing) return;
  const Step& s = script_.steps[index_];
  if (!captured) {
    fail("the frame could not be read back");
    return;
  }
  try {
    platform::writePng(s.text, *captured);
  } catch (const platform::PlatformError& e) {
    fail(e.what());
    return;
  }
  next();
}

}  // namespace spor::ui
