#include "tests/capture/readback_dump.h"

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace vgpu::capture_check {
namespace {

using trace::Error;
using trace::ErrorCode;

std::string text_of(DumpFormat f) { return f == DumpFormat::Rgba8 ? "rgba8" : "d24s8"; }

trace::Result<DumpedReadback> parse_entry(const nlohmann::json& j, const std::filesystem::path& dir) {
  DumpedReadback r;
  try {
    r.index = j.at("index").get<uint32_t>();
    r.file = j.at("file").get<std::string>();
    r.x = j.at("x").get<uint32_t>();
    r.y = j.at("y").get<uint32_t>();
    r.width = j.at("width").get<uint32_t>();
    r.height = j.at("height").get<uint32_t>();
    const auto format = j.at("format").get<std::string>();
    if (format == "rgba8") {
      r.format = DumpFormat::Rgba8;
    } else if (format == "d24s8") {
      r.format = DumpFormat::D24S8;
    } else {
      return Error{ErrorCode::Unsupported, "readback " + std::to_string(r.index) +
                                               ": unknown dump format '" + format + "'"};
    }
    const auto framebuffer = j.at("framebuffer").get<std::string>();
    if (framebuffer != "default" && framebuffer != "fbo") {
      return Error{ErrorCode::Unsupported, "readback " + std::to_string(r.index) +
                                               ": unknown framebuffer '" + framebuffer + "'"};
    }
    r.default_framebuffer = framebuffer == "default";
    r.attachment = j.at("attachment").get<std::string>();
    r.label = j.value("label", std::string());
  } catch (const nlohmann::json::exception& e) {
    return Error{ErrorCode::Corrupt, std::string("readbacks.json entry: ") + e.what()};
  }
  const std::filesystem::path path = dir / r.file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "cannot open " + path.string()};
  r.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const uint64_t expected = uint64_t{r.width} * r.height * kDumpBytesPerPixel;
  if (r.bytes.size() != expected) {
    return Error{ErrorCode::Corrupt, path.string() + ": " + std::to_string(r.bytes.size()) +
                                         " bytes, expected " + std::to_string(expected) + " (" +
                                         std::to_string(r.width) + "x" +
                                         std::to_string(r.height) + "x4)"};
  }
  return r;
}

}  // namespace

std::string DumpedReadback::describe() const {
  return "readback " + std::to_string(index) + " '" + label + "' " + std::to_string(width) + "x" +
         std::to_string(height) + " at (" + std::to_string(x) + "," + std::to_string(y) + ") " +
         text_of(format) + " " + (default_framebuffer ? "default" : "fbo") + "/" + attachment;
}

trace::Result<Dump> load_dump(const std::filesystem::path& dir) {
  const std::filesystem::path index_path = dir / "readbacks.json";
  std::ifstream in(index_path);
  if (!in) return Error{ErrorCode::Io, "cannot open " + index_path.string()};
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    return Error{ErrorCode::Corrupt, index_path.string() + ": " + e.what()};
  }
  Dump dump;
  try {
    dump.client = j.at("client").get<std::string>();
    if (j.at("row_order").get<std::string>() != "bottom-up" ||
        j.at("bytes_per_pixel").get<uint32_t>() != kDumpBytesPerPixel) {
      return Error{ErrorCode::Unsupported,
                   index_path.string() + ": expected row_order bottom-up and 4 bytes per pixel"};
    }
    for (const auto& entry : j.at("readbacks")) {
      auto r = parse_entry(entry, dir);
      if (!r.ok()) return Error{r.error().code, index_path.string() + ": " + r.error().message};
      if (r.value().index != dump.readbacks.size()) {
        return Error{ErrorCode::Corrupt, index_path.string() + ": readback index " +
                                             std::to_string(r.value().index) + " where " +
                                             std::to_string(dump.readbacks.size()) +
                                             " was due"};
      }
      dump.readbacks.push_back(std::move(r.value()));
    }
  } catch (const nlohmann::json::exception& e) {
    return Error{ErrorCode::Corrupt, index_path.string() + ": " + e.what()};
  }
  return dump;
}

}  // namespace vgpu::capture_check
