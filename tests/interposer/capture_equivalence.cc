#include "tests/interposer/capture_equivalence.h"

#include <map>
#include <regex>

namespace vgpu::interposer::testing {
namespace {

bool dropped(const std::string& kind) {
  return kind == "FenceCreate" || kind.starts_with("Sync");
}

std::string describe(size_t index, const RecordedEvent& e) {
  return "#" + std::to_string(index) + " " + e.kind + " " + e.fields + " (" +
         std::to_string(e.payload.size()) + " payload bytes)";
}

}  // namespace

std::vector<RecordedEvent> normalized(const std::vector<RecordedEvent>& events) {
  static const std::regex kCtx("ctx=([0-9]+)");
  std::map<std::string, size_t> ctx_numbers;
  std::vector<RecordedEvent> out;
  for (const RecordedEvent& e : events) {
    if (dropped(e.kind)) continue;
    RecordedEvent n = e;
    n.fields.clear();
    auto pos = e.fields.cbegin();
    for (std::sregex_iterator it(e.fields.begin(), e.fields.end(), kCtx), end; it != end; ++it) {
      const std::string id = (*it)[1].str();
      // ctx=0 is the global timeline / no context, the same in both front ends.
      if (id != "0" && !ctx_numbers.contains(id)) ctx_numbers.emplace(id, ctx_numbers.size() + 1);
      n.fields.append(pos, (*it)[0].first);
      n.fields += "ctx=" + (id == "0" ? id : "c" + std::to_string(ctx_numbers.at(id)));
      pos = (*it)[0].second;
    }
    n.fields.append(pos, e.fields.cend());
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<std::string> first_difference(const std::vector<RecordedEvent>& proxy,
                                            const std::vector<RecordedEvent>& interposer) {
  const auto a = normalized(proxy);
  const auto b = normalized(interposer);
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] == b[i]) continue;
    std::string why = "normalised event " + std::to_string(i) + " differs:\n  proxy:      " +
                      describe(i, a[i]) + "\n  interposer: " + describe(i, b[i]);
    if (a[i].kind == b[i].kind && a[i].fields == b[i].fields) why += "\n  (same fields, different bytes)";
    return why;
  }
  if (a.size() != b.size()) {
    const bool proxy_longer = a.size() > b.size();
    const auto& longer = proxy_longer ? a : b;
    return std::string(proxy_longer ? "the proxy" : "the interposer") + " recorded " +
           std::to_string(longer.size() - std::min(a.size(), b.size())) +
           " more normalised event(s), the first: " + describe(std::min(a.size(), b.size()),
                                                                 longer[std::min(a.size(), b.size())]);
  }
  return std::nullopt;
}

}  // namespace vgpu::interposer::testing
