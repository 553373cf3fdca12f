#include "tests/renderer/trace_oracle.h"

#include <cstdio>
#include <cstring>

#include "trace/trace_reader.h"

namespace vgpu::renderer::testing {
namespace {

uint32_t word_at(std::span<const uint8_t> bytes, uint64_t offset) {
  uint32_t w = 0;
  const size_t n = std::min<size_t>(4, bytes.size() - offset);
  std::memcpy(&w, bytes.data() + offset, n);
  return w;
}

// The guest's memory after the readback: the recorded bytes (the capture's upper bound), of
// which the transfer's rows were overwritten by what we read.  Bytes between rows stay the
// guest's, as they do with the real host.
void compare(Renderer& r, const trace::TransferFromHost& t, uint64_t event, OracleReport& rep) {
  ++rep.readbacks;
  ReadbackMismatch m;
  m.event = event;
  m.res_id = t.res_id;
  auto size = r.transfer_size(t);
  if (!size || *size > t.data.size()) {
    m.error = size ? "the recorded readback holds " + std::to_string(t.data.size()) +
                         " bytes, the transfer is " + std::to_string(*size)
                   : size.error().message;
    rep.mismatches.push_back(m);
    return;
  }
  std::vector<uint8_t> ours(t.data.begin(), t.data.begin() + static_cast<ptrdiff_t>(*size));
  if (auto s = r.read_resource(t, ours); !s) {
    m.error = s.error().message;
    rep.mismatches.push_back(m);
    return;
  }
  for (uint64_t i = 0; i < ours.size(); ++i) {
    if (ours[i] == t.data[i]) continue;
    if (m.differing_bytes++ == 0) {
      m.first_offset = i & ~uint64_t{3};
      m.expected = word_at(t.data, m.first_offset);
      m.got = word_at(ours, m.first_offset);
    }
  }
  if (m.differing_bytes == 0) {
    ++rep.matching;
  } else {
    rep.mismatches.push_back(m);
  }
}

}  // namespace

OracleReport replay_and_compare(const std::filesystem::path& path, const Options& options) {
  OracleReport rep;
  auto reader = trace::TraceReader::open(path);
  if (!reader) {
    rep.error = reader.error().message;
    return rep;
  }
  auto renderer = Renderer::create(options);
  if (!renderer) {
    rep.error = renderer.error().message;
    return rep;
  }
  Renderer& r = **renderer;
  trace::Event event;
  for (;;) {
    auto more = (*reader)->next(event);
    if (!more) {
      rep.error = more.error().message;
      break;
    }
    if (!*more) break;
    ++rep.events;
    if (auto s = r.on_event(event); !s) {
      rep.error = "event " + std::to_string(event.number) + ": " + s.error().message;
      break;
    }
    if (const auto* t = std::get_if<trace::TransferFromHost>(&event.body)) {
      compare(r, *t, event.number, rep);
    }
    for (auto& d : r.take_diagnostics()) rep.diagnostics.push_back(std::move(d));
  }
  return rep;
}

std::string describe(const OracleReport& rep) {
  std::string out = std::to_string(rep.matching) + "/" + std::to_string(rep.readbacks) +
                    " readbacks match over " + std::to_string(rep.events) + " events";
  if (!rep.error.empty()) out += "; error: " + rep.error;
  for (const auto& m : rep.mismatches) {
    char line[200];
    std::snprintf(line, sizeof(line),
                  "\n  event %llu res %u: %llu bytes differ, first at %llu: expected 0x%08x got "
                  "0x%08x %s",
                  static_cast<unsigned long long>(m.event), m.res_id,
                  static_cast<unsigned long long>(m.differing_bytes),
                  static_cast<unsigned long long>(m.first_offset), m.expected, m.got,
                  m.error.c_str());
    out += line;
  }
  for (const auto& d : rep.diagnostics) {
    out += "\n  diagnostic (tier " + std::to_string(static_cast<int>(d.tier)) + ", event " +
           std::to_string(d.event_number) + "): " + d.message;
  }
  return out;
}

}  // namespace vgpu::renderer::testing
