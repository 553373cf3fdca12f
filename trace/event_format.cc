#include "trace/event_format.h"

#include <cstdio>

#include "trace/event_sink.h"

namespace vgpu::trace {
namespace {

using json = nlohmann::ordered_json;

json box_json(const Box& b) {
  return {{"x", b.x}, {"y", b.y}, {"z", b.z}, {"w", b.width}, {"h", b.height}, {"d", b.depth}};
}

template <class T>
json transfer_json(const T& t) {
  return {{"ctx", t.ctx_id},       {"res", t.res_id},   {"level", t.level},
          {"box", box_json(t.box)}, {"stride", t.stride}, {"layer_stride", t.layer_stride},
          {"offset", t.offset},    {"bytes", t.data.size()}};
}

// The fields of one event as a JSON object; text output is derived from it, so the two forms
// can never disagree.
json fields(const EventBody& body) {
  return std::visit(
      Overloaded{
          [](const CapsetInfo& e) -> json {
            return {{"capset", e.capset_id}, {"version", e.version}, {"bytes", e.data.size()}};
          },
          [](const ContextCreate& e) -> json {
            return {{"ctx", e.ctx_id}, {"capset", e.capset_id}, {"name", std::string(e.name)}};
          },
          [](const ContextDestroy& e) -> json { return {{"ctx", e.ctx_id}}; },
          [](const ResourceCreate& e) -> json {
            return {{"res", e.res_id},         {"target", e.target},
                    {"format", e.format},      {"bind", e.bind},
                    {"width", e.width},        {"height", e.height},
                    {"depth", e.depth},        {"array_size", e.array_size},
                    {"last_level", e.last_level}, {"nr_samples", e.nr_samples},
                    {"flags", e.flags}};
          },
          [](const ResourceCreateBlob& e) -> json {
            return {{"res", e.res_id},          {"ctx", e.ctx_id},   {"blob_mem", e.blob_mem},
                    {"blob_flags", e.blob_flags}, {"blob_id", e.blob_id}, {"size", e.size}};
          },
          [](const ResourceUnref& e) -> json { return {{"res", e.res_id}}; },
          [](const AttachResource& e) -> json { return {{"ctx", e.ctx_id}, {"res", e.res_id}}; },
          [](const DetachResource& e) -> json { return {{"ctx", e.ctx_id}, {"res", e.res_id}}; },
          [](const TransferToHost& e) -> json { return transfer_json(e); },
          [](const TransferFromHost& e) -> json { return transfer_json(e); },
          [](const Submit& e) -> json { return {{"ctx", e.ctx_id}, {"dwords", e.dwords.size()}}; },
          [](const FenceCreate& e) -> json {
            return {{"ctx", e.ctx_id}, {"ring", e.ring_idx}, {"flags", e.flags},
                    {"fence", e.fence_id}};
          },
          [](const SyncCreate& e) -> json { return {{"sync", e.sync_id}, {"value", e.value}}; },
          [](const SyncWrite& e) -> json { return {{"sync", e.sync_id}, {"value", e.value}}; },
          [](const SyncWait& e) -> json {
            json points = json::array();
            for (const SyncPoint& p : e.points) points.push_back({p.sync_id, p.value});
            return {{"flags", e.flags}, {"timeout_ns", e.timeout_ns}, {"points", points}};
          },
          [](const SyncUnref& e) -> json { return {{"sync", e.sync_id}}; },
          [](const SetScanout& e) -> json {
            return {{"scanout", e.scanout_id}, {"res", e.res_id}, {"x", e.x},
                    {"y", e.y},                {"width", e.width}, {"height", e.height}};
          },
          [](const ResourceFlush& e) -> json {
            return {{"res", e.res_id}, {"x", e.x},          {"y", e.y},
                    {"width", e.width}, {"height", e.height}};
          },
          [](const FrameEnd& e) -> json { return {{"frame", e.frame}}; },
          [](const Marker& e) -> json { return {{"text", std::string(e.text)}}; },
          [](const BackingWrite& e) -> json {
            return {{"ctx", e.ctx_id}, {"res", e.res_id}, {"offset", e.offset},
                    {"bytes", e.data.size()}};
          },
          [](const ReadbackDigest& e) -> json {
            json j = transfer_json(e);
            j["bytes"] = e.size;
            char hex[33];
            if (e.algorithm == DigestAlgorithm::Xxh3_64) {  // as `xxhsum -H3` prints it
              std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(e.digest.lo));
            } else {
              std::snprintf(hex, sizeof hex, "%016llx%016llx",
                            static_cast<unsigned long long>(e.digest.hi),
                            static_cast<unsigned long long>(e.digest.lo));
            }
            j["digest"] = hex;
            j["algorithm"] = e.algorithm == DigestAlgorithm::Xxh3_64 ? "xxh3-64" : "content-hash";
            return j;
          },
      },
      body);
}

std::string value_text(const json& v) {
  if (v.is_object()) {
    std::string s = "(";
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it != v.begin()) s += ' ';
      s += it.key() + "=" + value_text(it.value());
    }
    return s + ")";
  }
  // dump() of strings quotes and escapes them: markers and names cannot break a line.
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string event_fields_text(const EventBody& body) {
  const json f = fields(body);
  std::string s;
  for (auto it = f.begin(); it != f.end(); ++it) {
    if (!s.empty()) s += ' ';
    s += it.key() + "=" + value_text(it.value());
  }
  return s;
}

nlohmann::ordered_json event_to_json(const Event& event) {
  json j = {{"number", event.number},
            {"kind", std::string(event_kind_name(event))},
            {"delta_ns", event.delta_ns}};
  j.update(fields(event.body));
  return j;
}

}  // namespace vgpu::trace
