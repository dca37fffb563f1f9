#include "ui/widgets.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "platform/picture_cache.hpp"
#include "ui/text.hpp"

namespace spor::ui {

float em(const ViewContext& ctx) {
  return ctx.fonts.body->FontSize;
}

namespace {

ImVec2 textSize(ImFont* font, std::string_view s) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size());
}

ImVec2 textSizeOf(ImFont* font, std::string_view s) {
  return textSize(font, s);
}

ImU32 withAlpha(ImU32 colour, float alpha) {
  const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void record(ViewContext& ctx, WidgetKind kind, std::string_view label, ImVec2 min, ImVec2 max, bool enabled, bool fits,
            const char* role, bool mustShow = false) {
  const Rect r{min.x, min.y, max.x, max.y};
  bool visible = true;
  if (ctx.clip) {
    // In a scroll area: what is scrolled away is there, but not visible
    // (a script swipes to it, as a person would).
    visible = r.cy() >= ctx.clip->y0 && r.cy() <= ctx.clip->y1 && r.cx() >= ctx.clip->x0 && r.cx() <= ctx.clip->x1;
  }
  ctx.registry.add(
      {kind, std::string(label), r, enabled, fits, role ? role : "", visible, ctx.clip, ctx.clip ? ctx.area : -1, mustShow});
}

// The widget's behaviour: an invisible ImGui button over the rectangle.
struct Press {
  bool pressed = false;
  bool hovered = false;
  bool held = false;
};

Press behave(std::string_view id, ImVec2 pos, ImVec2 size, bool enabled) {
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(id.data(), id.data() + id.size());
  ImGui::BeginDisabled(!enabled);
  Press p;
  p.pressed = ImGui::InvisibleButton("##b", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  p.hovered = ImGui::IsItemHovered();
  p.held = ImGui::IsItemActive();
  ImGui::EndDisabled();
  ImGui::PopID();
  return p;
}

}  // namespace

float buttonWidth(const ViewContext& ctx, std::string_view label, const ButtonStyle& style) {
  ImFont* font = style.font ? style.font : ctx.fonts.button;
  float w = textSize(font, label).x + font->FontSize * 1.6f;
  if (style.icon != Icon::None) w += font->FontSize * 1.2f;
  return w;
}

bool button(ViewContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, const ButtonStyle& style) {
  ImFont* font = style.font ? style.font : ctx.fonts.button;
  const bool live = style.enabled && style.ready;
  const Press p = behave(label.empty() ? std::string_view(style.role) : label, pos, size, live);
  const Palette& c = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float rounding = std::min(size.y * 0.5f, em(ctx) * 0.7f);
  const float alpha = style.enabled ? 1.0f : 0.45f;

  ImU32 fill = c.surface;
  ImU32 ink = c.ink;
  switch (style.kind) {
    case ButtonKind::Primary:
      fill = p.held ? c.primaryActive : p.hovered ? c.primaryHover : c.primary;
      ink = c.onPrimary;
      break;
    case ButtonKind::Secondary: fill = p.held ? c.surfaceActive : p.hovered ? c.surfaceHover : c.surface; break;
    case ButtonKind::Quiet:
      fill = p.held ? c.surfaceActive : p.hovered ? c.surfaceHover : withAlpha(c.surface, 0.0f);
      ink = c.muted;
      break;
    case ButtonKind::Danger:
      fill = p.held ? c.dangerActive : c.dangerFill;
      ink = c.danger;
      break;
    case ButtonKind::Chosen: fill = p.held ? c.surfaceActive : c.selectedFill; break;
  }
  dl->AddRectFilled(pos, max, withAlpha(fill, alpha * static_cast<float>((fill >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f),
                    rounding);
  if (style.kind == ButtonKind::Secondary || style.kind == ButtonKind::Danger)
    dl->AddRect(pos, max, withAlpha(style.kind == ButtonKind::Danger ? c.danger : c.border, alpha), rounding, 0,
                std::max(1.0f, em(ctx) * 0.08f));
  if (style.kind == ButtonKind::Chosen) {
    const float t = em(ctx) * 0.18f;  // inside the button's rectangle, so nothing beside it is touched
    dl->AddRect(ImVec2(pos.x + t * 0.5f, pos.y + t * 0.5f), ImVec2(max.x - t * 0.5f, max.y - t * 0.5f),
                withAlpha(c.selected, alpha), rounding, 0, t);
  }

  bool fits = true;
  if (style.drawLabel) {
    const ImVec2 ts = textSize(font, label);
    const float iconSize = style.icon != Icon::None ? font->FontSize * 0.9f : 0.0f;
    const float gap = style.icon != Icon::None && !label.empty() ? font->FontSize * 0.3f : 0.0f;
    const float contentW = iconSize + gap + ts.x;
    float x = pos.x + (size.x - contentW) * 0.5f;
    const float cy = pos.y + size.y * 0.5f;
    if (style.icon != Icon::None) {
      drawIcon(dl, style.icon, ImVec2(x + iconSize * 0.5f, cy), iconSize, withAlpha(ink, alpha));
      x += iconSize + gap;
    }
    dl->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(cy - ts.y * 0.5f)), withAlpha(ink, alpha),
                label.data(), label.data() + label.size());
    // Without a frame, a quiet button is underlined like a link, so it is
    // not taken for plain text ("Opgiv Før", "Før blev ikke taget …").
    if (style.kind == ButtonKind::Quiet) {
      const float uy = std::round(cy + ts.y * 0.5f);
      dl->AddLine(ImVec2(x, uy), ImVec2(x + ts.x, uy), withAlpha(ink, alpha), std::max(1.0f, font->FontSize * 0.06f));
    }
    fits = contentW <= size.x - font->FontSize * 0.4f && ts.y <= size.y;
  }
  record(ctx, WidgetKind::Button, label, pos, max, live, fits, style.role, style.mustShow);
  return p.pressed && live;
}

bool faceButton(ViewContext& ctx, const FaceOption& option, ImVec2 pos, ImVec2 size, ImFont* labelFont, bool selected,
                bool enabled, bool beside) {
  const std::string id = "face" + std::to_string(option.value);
  const Press p = behave(id, pos, size, enabled);
  const Palette& c = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float unit = em(ctx);
  const float rounding = unit * 0.9f;

  const ImU32 fill = selected ? c.selectedFill : p.held ? c.surfaceActive : p.hovered ? c.surfaceHover : c.surface;
  const ImVec2 ts = textSize(labelFont, option.label);
  // A short card (a long question at the largest text) has less padding.
  const float pad = beside ? unit * 0.7f : std::min(unit * 0.7f, size.y * 0.09f);
  const bool neutral = option.face == core::Face::None;
  bool labelFits = true;
  if (beside) {
    const float radius = std::max(4.0f, size.y * 0.5f - unit * 0.5f);
    const float markW = neutral ? radius * 3.0f : radius * 2.0f;
    const float labelX = pad * 1.5f + markW + unit * 1.2f;
    labelFits = labelX + ts.x <= size.x - unit * 2.0f && ts.y <= size.y - unit * 0.4f;
  } else {
    labelFits = ts.x <= size.x - unit * 0.4f && ts.y <= size.y - pad * 2.0f;
  }

  // The card with its top-left corner at `o`.
  const auto paint = [&](ImDrawList* d, ImVec2 o) {
    const ImVec2 end(o.x + size.x, o.y + size.y);
    d->AddRectFilled(o, end, fill, rounding);
    if (selected)
      d->AddRect(o, end, c.selected, rounding, 0, unit * 0.22f);
    else
      d->AddRect(o, end, c.border, rounding, 0, std::max(1.0f, unit * 0.08f));
    if (beside) {
      // A wide card: the face on the left, the label beside it.
      // Half an em above and below: a card of the smallest height (3.2 em,
      // when the question is long) still has a face 2.2 em across.
      const float radius = std::max(4.0f, size.y * 0.5f - unit * 0.5f);
      // A neutral card's row of dots is wider than a face and less tall.
      const float markW = neutral ? radius * 3.0f : radius * 2.0f;
      const ImVec2 centre(o.x + pad * 1.5f + markW * 0.5f, o.y + size.y * 0.5f);
      const ImVec2 at(centre.x, centre.y + (p.held ? unit * 0.1f : 0.0f));
      if (neutral)
        drawSteps(d, at, markW, radius, option.value, option.steps);
      else
        drawFace(d, at, radius, option.face);
      const float labelX = centre.x + markW * 0.5f + unit * 1.2f;
      d->AddText(labelFont, labelFont->FontSize, ImVec2(std::round(labelX), std::round(o.y + (size.y - ts.y) * 0.5f)),
                 c.ink, option.label.data(), option.label.data() + option.label.size());
    } else {
      // The face above its label, as big as the card allows; in a card too
      // short for a face (never below 70 px) the label alone, in the middle.
      const float faceSpace = size.y - ts.y - pad * 3.0f;
      float labelY = o.y + (size.y - ts.y) * 0.5f;
      if (faceSpace >= unit * 1.2f) {
        const float radius = std::max(4.0f, std::min(size.x * 0.36f, faceSpace * 0.5f));
        const ImVec2 centre(o.x + size.x * 0.5f, o.y + pad + radius + std::max(0.0f, faceSpace * 0.5f - radius));
        // Pressing nudges the face down a little: the child sees the tap land.
        const ImVec2 at(centre.x, centre.y + (p.held ? unit * 0.1f : 0.0f));
        if (neutral)
          drawSteps(d, at, std::min(size.x - pad * 2.0f, radius * 3.0f), radius, option.value, option.steps);
        else
          drawFace(d, at, radius, option.face);
        labelY = o.y + size.y - pad - ts.y;
      }
      d->AddText(labelFont, labelFont->FontSize, ImVec2(std::round(o.x + (size.x - ts.x) * 0.5f), std::round(labelY)),
                 c.ink, option.label.data(), option.label.data() + option.label.size());
    }
    if (selected) {
      // A check mark in the corner says "this is what you answered".
      const float r = unit * 0.75f;
      const ImVec2 cc(end.x - r - unit * 0.35f, o.y + r + unit * 0.35f);
      d->AddCircleFilled(cc, r, c.selected, 24);
      d->AddPolyline(std::array{ImVec2(cc.x - r * 0.45f, cc.y), ImVec2(cc.x - r * 0.1f, cc.y + r * 0.35f),
                                ImVec2(cc.x + r * 0.45f, cc.y - r * 0.35f)}
                         .data(),
                     3, c.onPrimary, 0, r * 0.22f);
    }
  };
  // The card is the same every frame until its state or size changes: with
  // the software renderer its rounded fill, border and face cost more than
  // the rest of the screen, so it is drawn once into a texture over the
  // screen's background and copied after that. The texture starts on a
  // whole pixel and the card keeps its fraction of a pixel inside it, so
  // the copy has the pixels a direct drawing has. (Only where nothing but
  // the background lies under the card: not in a scroll area.)
  bool baked = false;
  if (platform::PictureCache* cache = platform::pictureCache(); cache && !ctx.clip) {
    // The border is drawn on the card's edge: half of it, and its
    // antialiased fringe, lie outside.
    const float margin = std::ceil(unit * 0.11f) + 2.0f;
    const ImVec2 at(std::floor(pos.x) - margin, std::floor(pos.y) - margin);
    const ImVec2 offset(pos.x - at.x, pos.y - at.y);
    const int w = static_cast<int>(std::ceil(offset.x + size.x + margin));
    const int h = static_cast<int>(std::ceil(offset.y + size.y + margin));
    std::uint64_t key = std::hash<std::string_view>{}(option.label);
    for (const std::uint64_t v :
         {static_cast<std::uint64_t>(std::lround(offset.x * 64.0f)), static_cast<std::uint64_t>(std::lround(offset.y * 64.0f)),
          static_cast<std::uint64_t>(option.face), static_cast<std::uint64_t>(option.value),
          static_cast<std::uint64_t>(option.steps), static_cast<std::uint64_t>(std::lround(size.x * 8.0f)),
          static_cast<std::uint64_t>(std::lround(size.y * 8.0f)), static_cast<std::uint64_t>(fill),
          static_cast<std::uint64_t>(c.background), static_cast<std::uint64_t>(selected),
          static_cast<std::uint64_t>(p.held), static_cast<std::uint64_t>(beside),
          static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(labelFont)),
          static_cast<std::uint64_t>(std::lround(labelFont->FontSize * 8.0f)),
          static_cast<std::uint64_t>(std::lround(unit * 8.0f))})
      key = (key ^ v) * 0x100000001B3ULL;  // FNV-1a's prime, a word at a time
    baked = cache->draw(dl, at, w, h, c.background, key, [&](ImDrawList* own) { paint(own, offset); });
  }
  if (!baked) paint(dl, pos);
  record(ctx, WidgetKind::Button, option.label, pos, max, enabled, labelFits, "face", true);
  return p.pressed && enabled;
}

bool iconButton(ViewContext& ctx, std::string_view caption, Icon icon, ImVec2 centre, float radius) {
  ImFont* font = ctx.fonts.small;
  const ImVec2 ts = textSize(font, caption);
  const float gap = radius * 0.2f;
  const float w = std::max(radius * 2.0f, ts.x);
  const ImVec2 pos(centre.x - w * 0.5f, centre.y - radius);
  const ImVec2 size(w, radius * 2.0f + gap + ts.y);
  const Press p = behave(caption, pos, size, true);
  const Palette& c = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircleFilled(centre, radius, p.held ? c.primaryActive : p.hovered ? c.primaryHover : c.primary, 48);
  drawIcon(dl, icon, centre, radius * 1.0f, c.onPrimary);
  dl->AddText(font, font->FontSize, ImVec2(std::round(centre.x - ts.x * 0.5f), centre.y + radius + gap), c.ink,
              caption.data(), caption.data() + caption.size());
  record(ctx, WidgetKind::Button, caption, pos, ImVec2(pos.x + size.x, pos.y + size.y), true, true, "");
  return p.pressed;
}

void drawSteps(ImDrawList* dl, ImVec2 c, float width, float r, int value, int steps) {
  if (steps <= 0) return;
  // A row of dots in one quiet colour, `value` of them filled: where on the
  // scale the answer lies, with no feeling attached.
  const Palette& pal = palette();
  const float n = static_cast<float>(steps);
  const float dot = std::min(r * 0.3f, width / (n * 2.0f + (n - 1.0f) * 0.6f));
  const float gap = dot * 0.6f;
  const float w = static_cast<float>(steps) * dot * 2.0f + static_cast<float>(steps - 1) * gap;
  float x = c.x - w * 0.5f + dot;
  for (int i = 1; i <= steps; ++i) {
    if (i <= value)
      dl->AddCircleFilled(ImVec2(x, c.y), dot, pal.muted, 32);
    else
      dl->AddCircle(ImVec2(x, c.y), dot - std::max(1.0f, dot * 0.12f) * 0.5f, pal.muted, 32, std::max(1.0f, dot * 0.12f));
    x += dot * 2.0f + gap;
  }
}

void drawFace(ImDrawList* dl, ImVec2 c, float r, core::Face face) {
  if (face == core::Face::None) return;
  const ImU32 ink = palette().ink;
  dl->AddCircleFilled(c, r, faceColour(face), 64);
  dl->AddCircle(c, r, IM_COL32(0x27, 0x31, 0x3B, 0x40), 64, std::max(1.0f, r * 0.04f));
  // Eyes.
  const float eyeR = r * 0.09f;
  dl->AddCircleFilled(ImVec2(c.x - r * 0.33f, c.y - r * 0.2f), eyeR, ink, 16);
  dl->AddCircleFilled(ImVec2(c.x + r * 0.33f, c.y - r * 0.2f), eyeR, ink, 16);
  // The mouth: a curve bending down at the ends (sad) or up (happy).
  float bend = 0.0f;    // + smile, - frown
  float mouthY = 0.0f;  // a frown sits a little lower, a smile a little higher
  switch (face) {
    case core::Face::VerySad:
      bend = -0.9f;
      mouthY = 0.44f;
      break;
    case core::Face::Sad:
      bend = -0.4f;
      mouthY = 0.38f;
      break;
    case core::Face::Happy:
      bend = 0.45f;
      mouthY = 0.28f;
      break;
    case core::Face::VeryHappy:
      bend = 1.0f;
      mouthY = 0.24f;
      break;
    case core::Face::None: break;
  }
  const float half = r * (face == core::Face::VeryHappy || face == core::Face::VerySad ? 0.46f : 0.4f);
  const float y = c.y + r * mouthY;
  const float dip = bend * r * 0.42f;
  const ImVec2 a(c.x - half, y);
  const ImVec2 b(c.x + half, y);
  if (face == core::Face::VeryHappy) {
    // An open smile, filled.
    dl->PathLineTo(a);
    dl->PathBezierCubicCurveTo(ImVec2(c.x - half * 0.5f, y + dip), ImVec2(c.x + half * 0.5f, y + dip), b, 24);
    dl->PathFillConvex(ink);
  } else {
    dl->AddBezierCubic(a, ImVec2(c.x - half * 0.45f, y + dip), ImVec2(c.x + half * 0.45f, y + dip), b, ink, r * 0.08f,
                       24);
  }
  if (face == core::Face::VerySad) {
    // Brows that slope down at the sides.
    const float by = c.y - r * 0.42f;
    dl->AddLine(ImVec2(c.x - r * 0.46f, by + r * 0.07f), ImVec2(c.x - r * 0.2f, by - r * 0.04f), ink, r * 0.06f);
    dl->AddLine(ImVec2(c.x + r * 0.46f, by + r * 0.07f), ImVec2(c.x + r * 0.2f, by - r * 0.04f), ink, r * 0.06f);
  }
}

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float s, ImU32 col) {
  const float t = s * 0.12f;
  switch (icon) {
    case Icon::None: return;
    case Icon::Back:
      dl->AddPolyline(std::array{ImVec2(c.x + s * 0.18f, c.y - s * 0.34f), ImVec2(c.x - s * 0.18f, c.y),
                                 ImVec2(c.x + s * 0.18f, c.y + s * 0.34f)}
                          .data(),
                      3, col, 0, t * 1.3f);
      return;
    case Icon::Pause: {
      const float w = s * 0.16f;
      const float h = s * 0.34f;
      dl->AddRectFilled(ImVec2(c.x - s * 0.2f - w * 0.5f, c.y - h), ImVec2(c.x - s * 0.2f + w * 0.5f, c.y + h), col,
                        w * 0.3f);
      dl->AddRectFilled(ImVec2(c.x + s * 0.2f - w * 0.5f, c.y - h), ImVec2(c.x + s * 0.2f + w * 0.5f, c.y + h), col,
                        w * 0.3f);
      return;
    }
    case Icon::Play:
      dl->AddTriangleFilled(ImVec2(c.x - s * 0.22f, c.y - s * 0.32f), ImVec2(c.x + s * 0.32f, c.y),
                            ImVec2(c.x - s * 0.22f, c.y + s * 0.32f), col);
      return;
    case Icon::Speaker: {
      // A speaker cone and two sound waves.
      const float x0 = c.x - s * 0.34f;
      dl->AddRectFilled(ImVec2(x0, c.y - s * 0.1f), ImVec2(x0 + s * 0.14f, c.y + s * 0.1f), col);
      dl->AddQuadFilled(ImVec2(x0 + s * 0.12f, c.y - s * 0.1f), ImVec2(x0 + s * 0.34f, c.y - s * 0.28f),
                        ImVec2(x0 + s * 0.34f, c.y + s * 0.28f), ImVec2(x0 + s * 0.12f, c.y + s * 0.1f), col);
      const ImVec2 wc(x0 + s * 0.34f, c.y);
      for (float radius : {s * 0.2f, s * 0.36f}) {
        dl->PathArcTo(wc, radius, -0.9f, 0.9f, 16);
        dl->PathStroke(col, 0, t * 0.8f);
      }
      return;
    }
  }
}

std::vector<std::string_view> wrapLines(ImFont* font, std::string_view s, float wrapWidth, bool* breaksWord) {
  std::vector<std::string_view> lines;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  if (breaksWord) *breaksWord = false;
  while (p < end) {
    const char* nl = std::find(p, end, '\n');
    const char* lineEnd = font->CalcWordWrapPositionA(1.0f, p, nl, wrapWidth);
    if (lineEnd == p) {
      // A word wider than the line: never loop forever (nor cut a character).
      lineEnd = p + 1;
      while (lineEnd < nl && (static_cast<unsigned char>(*lineEnd) & 0xC0) == 0x80) ++lineEnd;
    }
    // Dear ImGui breaks after punctuation ("mv.|)?", "1.|9.2026"): break at
    // the last space before it instead. A word wider than the whole line it
    // cuts anywhere ("Synkroniserin|g"): that is reported, for the view to
    // take a smaller font or more room. A file path or a key fingerprint
    // wider than the line breaks after one of its own separators
    // ("/home/USB/|spor-enrolment-…", "185a-896e-|eedc"), as it must.
    if (lineEnd < nl && lineEnd[-1] != ' ' && *lineEnd != ' ') {
      const char* space = lineEnd;
      while (space > p && space[-1] != ' ') --space;
      if (space > p) {
        lineEnd = space;
      } else {
        const char* separator = lineEnd;
        while (separator > p && separator[-1] != '/' && separator[-1] != '-') --separator;
        const bool longToken = std::find(p, nl, '/') < nl || std::count(p, lineEnd, '-') >= 3;
        if (longToken && separator > p + 1)
          lineEnd = separator;
        else if (breaksWord)
          *breaksWord = true;
      }
    }
    const char* trimmed = lineEnd;
    while (trimmed > p && (trimmed[-1] == ' ')) --trimmed;
    lines.emplace_back(p, static_cast<std::size_t>(trimmed - p));
    p = lineEnd;
    while (p < nl && *p == ' ') ++p;  // the break's spaces belong to no line
    if (p == nl && nl < end) ++p;     // past the newline
  }
  return lines;
}

bool breaksWord(ImFont* font, std::string_view s, float wrapWidth) {
  bool broken = false;
  (void)wrapLines(font, s, wrapWidth, &broken);
  return broken;
}

ImVec2 measureText(ImFont* font, std::string_view s, float wrapWidth) {
  float w = 0;
  float h = 0;
  for (std::string_view line : wrapLines(font, s, wrapWidth)) {
    w = std::max(w, textSize(font, line).x);
    h += font->FontSize * 1.2f;
  }
  return ImVec2(w, h > 0 ? h - font->FontSize * 0.2f : 0);
}

std::string oneLine(ImFont* font, std::string_view s, float width) {
  if (textSize(font, s).x <= width) return std::string(s);
  static constexpr std::string_view kEllipsis = "…";
  std::size_t end = s.size();
  while (end > 0) {
    do {
      --end;
    } while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
    std::string cut(s.substr(0, end));
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    cut += kEllipsis;
    if (textSize(font, cut).x <= width) return cut;
  }
  return std::string(kEllipsis);
}

float text(ViewContext& ctx, std::string_view s, ImFont* font, ImVec2 pos, float wrapWidth, ImU32 colour, Align align) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float lineH = font->FontSize * 1.2f;
  float y = pos.y;
  float widest = 0;
  float minX = pos.x + wrapWidth;
  bool broken = false;
  for (std::string_view line : wrapLines(font, s, wrapWidth, &broken)) {
    const float w = textSize(font, line).x;
    const float x = align == Align::Center ? pos.x + (wrapWidth - w) * 0.5f : pos.x;
    dl->AddText(font, font->FontSize, ImVec2(std::round(x), std::round(y)), colour, line.data(),
                line.data() + line.size());
    widest = std::max(widest, w);
    minX = std::min(minX, x);
    y += lineH;
  }
  const float height = y > pos.y ? y - pos.y - font->FontSize * 0.2f : 0;
  const float x0 = align == Align::Center ? pos.x + (wrapWidth - widest) * 0.5f : pos.x;
  record(ctx, WidgetKind::Text, s, ImVec2(x0, pos.y), ImVec2(x0 + widest, pos.y + height), true,
         widest <= wrapWidth + 0.5f && !broken, "");
  return height;
}

float textField(ViewContext& ctx, std::string_view label, std::string& value, ImVec2 pos, float width,
                bool digitsOnly) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float labelH = text(ctx, label, ctx.fonts.small, pos, width, c.muted) + u * 0.3f;
  ImGui::PushFont(ctx.fonts.body);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(u * 0.5f, u * 0.45f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, u * 0.08f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, u * 0.35f);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, c.surface);
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, c.surfaceHover);
  ImGui::PushStyleColor(ImGuiCol_FrameBgActive, c.surface);
  ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + labelH));
  ImGui::SetNextItemWidth(width);
  const std::string id = "##" + std::string(label);
  ImGui::InputText(id.c_str(), &value, digitsOnly ? ImGuiInputTextFlags_CharsDecimal : 0);
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  if (ImGui::IsItemActive()) ImGui::GetWindowDrawList()->AddRect(min, max, c.primary, u * 0.35f, 0, u * 0.12f);
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar(3);
  ImGui::PopFont();
  record(ctx, WidgetKind::Button, label, min, max, true, true, "field");
  return labelH + (max.y - min.y);
}

void busyIndicator(ViewContext& ctx, Busy what, ImVec2 centre, float width) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float r = u * 1.6f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircle(centre, r, c.track, 48, u * 0.35f);
  // A quarter arc going round once every 1.2 s: slow enough to be calm.
  const float a0 = static_cast<float>(std::fmod(ImGui::GetTime() / 1.2, 1.0)) * 2.0f * IM_PI;
  dl->PathArcTo(centre, r, a0, a0 + IM_PI * 0.5f, 24);
  dl->PathStroke(c.primary, 0, u * 0.35f);
  Word label = Word::BusyUnlocking;
  if (what == Busy::SavingPin) label = Word::BusySavingPin;
  if (what == Busy::SettingUp) label = Word::BusySettingUp;
  if (what == Busy::Recovering) label = Word::BusyRecovering;
  text(ctx, tr(label, ctx.lang()), ctx.fonts.button, ImVec2(centre.x - width * 0.5f, centre.y + r + u * 1.0f), width,
       c.ink, Align::Center);
}

namespace {

void appendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

void physicalKeys(AppModel& model) {
  if (model.keyboardField() == Field::None) return;
  const ImGuiIO& io = ImGui::GetIO();
  std::string typed;
  for (ImWchar ch : io.InputQueueCharacters) appendUtf8(typed, ch);
  if (!typed.empty()) model.typeText(typed);
  const auto pressed = [](ImGuiKey k, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
  if (pressed(ImGuiKey_Backspace, true)) model.eraseBack();
  if (pressed(ImGuiKey_Delete, true)) model.eraseForward();
  if (pressed(ImGuiKey_LeftArrow, true)) model.moveCursor(CursorMove::Left);
  if (pressed(ImGuiKey_RightArrow, true)) model.moveCursor(CursorMove::Right);
  if (pressed(ImGuiKey_Home, false)) model.moveCursor(CursorMove::Home);
  if (pressed(ImGuiKey_End, false)) model.moveCursor(CursorMove::End);
  if (io.KeyCtrl && pressed(ImGuiKey_V, false))
    if (const char* clip = ImGui::GetClipboardText()) model.typeText(clip);
  if (pressed(ImGuiKey_Enter, false) || pressed(ImGuiKey_KeyPadEnter, false) || pressed(ImGuiKey_Escape, false))
    model.keyboardDone();
}

float editField(ViewContext& ctx, Field field, std::string_view label, ImVec2 pos, float width) {
  AppModel& model = ctx.model;
  const Palette& c = palette();
  const float u = em(ctx);
  ImFont* font = ctx.fonts.body;
  const float labelH = text(ctx, label, ctx.fonts.small, pos, width, c.muted) + u * 0.3f;
  const ImVec2 min(pos.x, pos.y + labelH);
  const float padX = u * 0.5f;
  const float boxH = font->FontSize + u * 0.9f;
  const ImVec2 max(pos.x + width, min.y + boxH);
  const bool focused = model.fieldFocused(field);
  const std::string& typed = model.fieldValue(field);
  // A secret (a passphrase) is drawn as one dot per character, never as itself.
  std::string dots;
  std::size_t dotCursor = 0;
  if (isSecretField(field)) {
    const std::size_t caret = focused ? model.fieldCursor() : typed.size();
    for (std::size_t i = 0; i < typed.size(); ++i) {
      if ((static_cast<unsigned char>(typed[i]) & 0xC0) == 0x80) continue;
      dots += "\xE2\x80\xA2";  // •
      if (i < caret) dotCursor = dots.size();
    }
  }
  const std::string& value = isSecretField(field) ? dots : typed;

  ImGui::SetCursorScreenPos(min);
  ImGui::PushID(static_cast<int>(field));
  const bool tapped = ImGui::InvisibleButton("##field", ImVec2(width, boxH));
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = u * 0.35f;
  dl->AddRectFilled(min, max, hovered && !focused ? c.surfaceHover : c.surface, rounding);
  dl->AddRect(min, max, focused ? c.primary : c.border, rounding, 0, focused ? u * 0.12f : std::max(1.0f, u * 0.08f));

  // The text, its tail kept in view when it is longer than the field.
  const float inner = width - 2 * padX;
  const std::size_t cursor = isSecretField(field) ? (focused ? dotCursor : value.size())
                                                 : (focused ? model.fieldCursor() : value.size());
  const float toCursor = textSizeOf(font, std::string_view(value).substr(0, cursor)).x;
  const float shift = std::max(0.0f, toCursor - inner + u * 0.2f);
  const float ty = min.y + (boxH - font->FontSize) * 0.5f;
  ImGui::PushClipRect(ImVec2(min.x + padX * 0.5f, min.y), ImVec2(max.x - padX * 0.5f, max.y), true);
  dl->AddText(font, font->FontSize, ImVec2(std::round(min.x + padX - shift), std::round(ty)), c.ink, value.data(),
              value.data() + value.size());
  if (!value.empty()) ctx.registry.note(value);
  if (focused) {
    // The caret: a steady bar (no blinking: nothing needs frames while idle).
    const float cx = std::round(min.x + padX - shift + toCursor);
    dl->AddLine(ImVec2(cx, ty - u * 0.05f), ImVec2(cx, ty + font->FontSize * 1.05f), c.primary, std::max(2.0f, u * 0.1f));
  }
  ImGui::PopClipRect();

  if (tapped) {
    const bool wasFocused = focused;
    model.focusField(field);
    if (wasFocused && !isSecretField(field)) {
      // A tap in the text moves the caret to the nearest character boundary.
      const float want = ImGui::GetIO().MousePos.x - (min.x + padX - shift);
      std::size_t best = 0;
      float bestD = FLT_MAX;
      for (std::size_t i = 0; i <= value.size(); i = i < value.size() ? nextCharStart(value, i) : i + 1) {
        const float d = std::fabs(textSizeOf(font, std::string_view(value).substr(0, i)).x - want);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      model.setFieldCursor(best);
    }
  }
  // Scrolled into view once when it gets the caret or the keyboard comes up.
  const int token = static_cast<int>(field) * 2 + (model.keyboardShown() ? 1 : 0);
  if (focused && ctx.view.revealedFor != token) {
    if (ctx.clip && (min.y < ctx.clip->y0 || max.y > ctx.clip->y1)) ctx.view.revealY = {min.y, max.y};
    ctx.view.revealedFor = token;
  }
  record(ctx, WidgetKind::Button, label, min, max, true, true, "field");
  return labelH + boxH;
}

int choices(ViewContext& ctx, const std::vector<std::string>& labels, int selected, ImVec2 pos, float width,
            float& height, ImFont* font) {
  const float u = em(ctx);
  ImFont* f = font ? font : ctx.fonts.bold;
  const float h = u * 2.4f;
  const float gap = u * 0.5f;
  float x = pos.x;
  float y = pos.y;
  float rowH = h;
  int tapped = -1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    ButtonStyle s{static_cast<int>(i) == selected ? ButtonKind::Chosen : ButtonKind::Secondary, f};
    const float natural = std::max(u * 4.0f, buttonWidth(ctx, labels[i], s));
    const bool wraps = natural > width;
    const float w = std::min(width, natural);
    if (x > pos.x && x + w > pos.x + width) {
      x = pos.x;
      y += rowH + gap;
      rowH = h;
    }
    if (wraps) {
      // A label longer than the line (a project's full name): a taller button, the label wrapped inside.
      // Lines break between words: a word wider than the line takes a smaller font.
      const float inner = w - u * 1.6f;
      ImFont* lf = f;
      for (ImFont* smaller : {ctx.fonts.body, ctx.fonts.small})
        if (breaksWord(lf, labels[i], inner) && smaller->FontSize < lf->FontSize) lf = smaller;
      const float th = measureText(lf, labels[i], inner).y;
      const float bh = th + u * 1.2f;
      s.drawLabel = false;
      if (button(ctx, labels[i], ImVec2(x, y), ImVec2(w, bh), s)) tapped = static_cast<int>(i);
      const ImU32 ink = palette().ink;
      text(ctx, labels[i], lf, ImVec2(x + u * 0.8f, y + u * 0.6f), inner, ink, Align::Center);
      rowH = std::max(rowH, bh);
    } else if (button(ctx, labels[i], ImVec2(x, y), ImVec2(w, h), s)) {
      tapped = static_cast<int>(i);
    }
    x += w + gap;
  }
  height = labels.empty() ? 0.0f : y + rowH - pos.y;
  return tapped;
}

float checkboxHeight(const ViewContext& ctx, std::string_view label, float width) {
  const float u = em(ctx);
  const float textW = width - u * 2.4f;
  return std::max(u * 2.4f, measureText(ctx.fonts.body, label, textW).y + u * 0.9f);
}

bool checkbox(ViewContext& ctx, std::string_view label, bool ticked, ImVec2 pos, float width) {
  const Palette& c = palette();
  const float u = em(ctx);
  const float box = u * 1.5f;
  // A label longer than the line wraps between words, and the row grows.
  const float h = checkboxHeight(ctx, label, width);
  const Press p = behave(label, pos, ImVec2(width, h), true);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (p.held || p.hovered) dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), c.surfaceHover, u * 0.4f);
  const ImVec2 b0(pos.x + u * 0.3f, pos.y + std::min((h - box) * 0.5f, (u * 2.4f - box) * 0.5f));
  const ImVec2 b1(b0.x + box, b0.y + box);
  dl->AddRectFilled(b0, b1, ticked ? c.primary : c.surface, u * 0.25f);
  dl->AddRect(b0, b1, ticked ? c.primary : c.muted, u * 0.25f, 0, u * 0.1f);
  if (ticked)
    dl->AddPolyline(
        std::array{ImVec2(b0.x + box * 0.22f, b0.y + box * 0.52f), ImVec2(b0.x + box * 0.42f, b0.y + box * 0.72f),
                   ImVec2(b0.x + box * 0.78f, b0.y + box * 0.3f)}
            .data(),
        3, c.onPrimary, 0, box * 0.13f);
  ImFont* f = ctx.fonts.body;
  const float textX = b1.x + u * 0.6f;
  const float textW = pos.x + width - textX;
  bool broken = false;
  const auto lines = wrapLines(f, label, textW, &broken);
  float ly = pos.y + (h - (static_cast<float>(lines.size()) * f->FontSize * 1.2f - f->FontSize * 0.2f)) * 0.5f;
  float widest = 0;
  for (std::string_view line : lines) {
    dl->AddText(f, f->FontSize, ImVec2(textX, std::round(ly)), c.ink, line.data(), line.data() + line.size());
    widest = std::max(widest, textSize(f, line).x);
    ly += f->FontSize * 1.2f;
  }
  const bool fits = widest <= textW + 0.5f && !broken;
  record(ctx, WidgetKind::Button, label, pos, ImVec2(pos.x + width, pos.y + h), true, fits, "check");
  return p.pressed;
}

ScrollArea::ScrollArea(ViewContext& ctx, const char* id, ImVec2 min, ImVec2 max)
    : ctx_(ctx), id_(id), min_(min), max_(max) {
  scroll_ = ctx_.view.scroll[id_];
  ImGui::PushClipRect(min_, max_, true);
  ctx_.clip = Rect{min_.x, min_.y, max_.x, max_.y};
  ctx_.area = ctx_.registry.beginArea(*ctx_.clip, scroll_);
}

ScrollArea::~ScrollArea() {
  if (!ended_) end(0);
}

void ScrollArea::end(float contentHeight) {
  if (ended_) return;
  ended_ = true;
  ImGui::PopClipRect();
  ctx_.clip.reset();
  ctx_.registry.endArea(ctx_.area, contentHeight);
  ctx_.area = -1;
  const ImGuiIO& io = ImGui::GetIO();
  const float viewH = max_.y - min_.y;
  const float maxScroll = std::max(0.0f, contentHeight - viewH);
  const bool inside = ImGui::IsMouseHoveringRect(min_, max_, false);
  const ImVec2 from = io.MouseClickedPos[0];
  const bool startedInside = from.x >= min_.x && from.x <= max_.x && from.y >= min_.y && from.y <= max_.y;
  float& scroll = ctx_.view.scroll[id_];
  if (inside && io.MouseWheel != 0.0f) scroll -= io.MouseWheel * em(ctx_) * 3.0f;
  // The field with the caret scrolls into view (the keyboard came up under it).
  if (ctx_.view.revealY) {
    const auto [y0, y1] = *ctx_.view.revealY;
    const float margin = em(ctx_) * 0.5f;
    // Its bottom into view, but never its top out of it (a tall notice shows from its start).
    if (y1 > max_.y) scroll += std::min(y1 - max_.y + margin, std::max(0.0f, y0 - min_.y - margin));
    if (y0 < min_.y) scroll -= min_.y - y0 + margin;
    ctx_.view.revealY.reset();
  }
  // A finger that moves more than half an em scrolls, and is no longer a tap.
  if (maxScroll > 0 && ImGui::IsMouseDown(0) && startedInside && ImGui::IsMouseDragging(0, em(ctx_) * 0.5f)) {
    scroll -= io.MouseDelta.y;
    ctx_.view.dragging = true;
    ImGui::ClearActiveID();
  }
  if (!ImGui::IsMouseDown(0)) ctx_.view.dragging = false;
  scroll = std::clamp(scroll, 0.0f, maxScroll);
  if (maxScroll > 0) {
    // A thin bar says there is more.
    const float u = em(ctx_);
    const float barH = std::max(u * 2.0f, viewH * viewH / contentHeight);
    const float y = min_.y + (viewH - barH) * (scroll / maxScroll);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(max_.x - u * 0.35f, y), ImVec2(max_.x - u * 0.1f, y + barH),
                                              palette().track, u * 0.2f);
  }
}

ImVec2 badge(ViewContext& ctx, std::string_view label, ImVec2 pos, ImU32 fill, ImU32 border, ImFont* font) {
  ImFont* f = font ? font : ctx.fonts.bold;
  const float u = em(ctx);
  const ImVec2 ts = textSize(f, label);
  const ImVec2 size(ts.x + u * 1.0f, ts.y + u * 0.5f);
  panel(pos, ImVec2(pos.x + size.x, pos.y + size.y), fill, border, u * 0.35f, border ? u * 0.08f : 0.0f);
  ImGui::GetWindowDrawList()->AddText(f, f->FontSize, ImVec2(pos.x + u * 0.5f, pos.y + u * 0.25f), palette().ink,
                                      label.data(), label.data() + label.size());
  record(ctx, WidgetKind::Text, label, pos, ImVec2(pos.x + size.x, pos.y + size.y), true, true, "");
  return size;
}

void panel(ImVec2 min, ImVec2 max, ImU32 fill, ImU32 border, float rounding, float borderWidth) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, fill, rounding);
  if (borderWidth > 0) dl->AddRect(min, max, border, rounding, 0, borderWidth);
}

}  // namespace spor::ui
