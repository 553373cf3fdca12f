#include "replay/report_html.h"

#include <cmath>
#include <cstdio>

#include "replay/png_codec.h"

namespace vgpu::replay {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string image_cell(const RgbaImage& image, std::string_view missing) {
  if (image.empty()) return "<td class=missing>" + escape(missing) + "</td>";
  auto png = encode_png(image);
  if (!png) return "<td class=missing>" + escape(png.error().message) + "</td>";
  return "<td><img src=\"data:image/png;base64," + base64(*png) + "\"></td>";
}

std::string number(double v) {
  if (std::isinf(v)) return "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string frame_row(const FrameOutcome& f) {
  std::string row = "<tr class=" + std::string(f.matched() ? "ok" : "bad") + "><td>" +
                    std::to_string(f.number) + "</td><td>" + (f.matched() ? "match" : "MISMATCH") +
                    "</td>";
  const auto& r = f.readback;
  if (!f.has_image) {
    row += "<td colspan=4>no display readback</td>";
  } else if (r.metrics) {
    row += "<td>" + std::to_string(r.metrics->max_channel_error) + "</td><td>" +
           std::to_string(r.metrics->pixels_beyond_tolerance) + "</td><td>" +
           number(r.metrics->psnr_db) + "</td><td>" + (r.digest ? "digest" : "bytes") + "</td>";
  } else {
    row += "<td colspan=3>" + escape(r.error.empty() ? (r.matched ? "identical" : "differs")
                                                     : r.error) +
           "</td><td>" + (r.digest ? "digest" : "bytes") + "</td>";
  }
  return row + "<td><code>" + f.md5 + "</code></td><td>" + number(f.ms) + "</td></tr>\n";
}

}  // namespace

std::string base64(std::span<const uint8_t> bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t v = uint32_t{bytes[i]} << 16;
    if (n > 1) v |= uint32_t{bytes[i + 1]} << 8;
    if (n > 2) v |= bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out += n > 2 ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string report_html(const ReplayRun& run, const ReportContext& context,
                        const std::vector<GalleryEntry>& gallery) {
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>vgpu-replay: " +
      escape(context.trace) +
      "</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
      ".bad{background:#fdd}.ok{background:#efe}.missing{color:#888}"
      "img{image-rendering:pixelated;max-width:420px;border:1px solid #ccc}</style></head><body>\n";
  html += "<h1>vgpu-replay: " + escape(context.trace) + "</h1>\n<p>Back end: " +
          escape(run.backend.name) + " (" + escape(run.backend.gl_renderer) + ", " +
          escape(run.backend.gl_version) + "). Tolerance " + std::to_string(context.tolerance) +
          ". " + std::to_string(run.frames_checked) + " frames, " +
          std::to_string(run.mismatches()) + " mismatches, " + std::to_string(run.events) +
          " events. Replay " + stop_reason_name(run.stop) + "</p>\n";
  if (!run.stop_message.empty()) html += "<p class=bad>" + escape(run.stop_message) + "</p>\n";
  html += "<h2>Images, worst first</h2>\n<table><tr><th></th><th>reference (capture)</th>"
          "<th>replay</th><th>diff</th></tr>\n";
  for (const auto& e : gallery) {
    html += "<tr class=" + std::string(e.matched ? "ok" : "bad") + "><th>" + escape(e.title) +
            "<br>max error " + std::to_string(e.badness) + "</th>" +
            image_cell(e.reference, "recorded as a digest: no pixels") +
            image_cell(e.replayed, "not decodable") +
            image_cell(e.diff, "no reference") + "</tr>\n";
  }
  html += "</table>\n<h2>Frames</h2>\n<table><tr><th>frame</th><th>result</th><th>max error</th>"
          "<th>pixels beyond</th><th>PSNR dB</th><th>recorded as</th><th>md5</th><th>ms</th>"
          "</tr>\n";
  for (const auto& f : run.frames) html += frame_row(f);
  html += "</table>\n";
  if (!run.diagnostics.empty()) {
    html += "<h2>Diagnostics</h2>\n<ul>\n";
    for (const auto& d : run.diagnostics) {
      html += "<li>frame " + std::to_string(d.frame) + ", event " +
              std::to_string(d.diagnostic.event_number) + " dword " +
              std::to_string(d.diagnostic.dword_offset) + ": " + escape(d.diagnostic.kind) +
              ": " + escape(d.diagnostic.message) + "</li>\n";
    }
    html += "</ul>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace vgpu::replay
